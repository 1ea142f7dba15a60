// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Energy;

/// <summary>
/// One firmware power profile (device-firmware/profiles/*.json, format <c>fleet-power-profile/1</c>) as read: its
/// kind (<c>board</c> or <c>radio</c>), name, title, and every figure by its dotted path
/// (<c>sleep.standby.current_ua</c>, <c>tx.us_per_byte</c>) in the file's unit (uA, us, mV). Immutable.
/// </summary>
public sealed record PowerProfile(string Kind, string Name, string Title, string Path, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>The figure at <paramref name="key"/>; a profile without it is refused with a clear message.</summary>
    /// <exception cref="Workload.ScenarioException">The key is missing.</exception>
    public double Get(string key) =>
        Values.TryGetValue(key, out double v)
            ? v
            : throw new Workload.ScenarioException($"{Path}: {Kind} profile '{Name}' has no '{key}'");
}
