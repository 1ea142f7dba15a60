// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Energy;

/// <summary>How the battery current relates to the load current (power-figures.md §4c).</summary>
public enum RegulatorKind
{
    /// <summary>Linear regulator: battery current = load current (+ Iq).</summary>
    Ldo,

    /// <summary>Switching buck(-boost): battery power = load power / efficiency (+ Iq).</summary>
    Buck,
}
