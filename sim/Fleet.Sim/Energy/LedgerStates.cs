// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Energy;

/// <summary>Names of the ledger states as the reports print them, plus the two battery-side terms.</summary>
public static class LedgerStates
{
    /// <summary>Number of firmware ledger states.</summary>
    public const int Count = 8;

    /// <summary>Report names: the eight firmware states, then <c>regulator</c> (quiescent current) and
    /// <c>self_discharge</c> (charge the cell loses by itself).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["sleep", "wake", "warmup", "capture", "detect", "connect", "tx", "rx", "regulator", "self_discharge"];

    /// <summary>Index of <c>regulator</c> in <see cref="Names"/>.</summary>
    public const int Regulator = 8;

    /// <summary>Index of <c>self_discharge</c> in <see cref="Names"/>.</summary>
    public const int SelfDischarge = 9;
}
