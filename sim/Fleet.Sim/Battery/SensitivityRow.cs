// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Battery;

/// <summary>One bar of the tornado: the nominal life with one input lowered and raised by the same percentage.</summary>
/// <param name="Key">The scenario key.</param>
/// <param name="Value">Its nominal value.</param>
/// <param name="LowLifeDays">Life with the value × (1 − step).</param>
/// <param name="HighLifeDays">Life with the value × (1 + step).</param>
public sealed record SensitivityRow(string Key, double Value, double LowLifeDays, double HighLifeDays)
{
    /// <summary>How far the life moves between the two ends, days.</summary>
    public double SwingDays => Math.Abs(HighLifeDays - LowLifeDays);
}
