// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>A rollout's device counts by status and percent activated, at one instant.</summary>
public sealed record RolloutSummary(string Id, string State, IReadOnlyDictionary<string, int> Counts, double ProgressPercent)
{
    public static RolloutSummary Of(Rollout r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var counts = r.Devices.GroupBy(d => d.Status, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var activated = counts.GetValueOrDefault(RolloutDeviceStatus.Activated);
        return new RolloutSummary(r.Id, r.State, counts,
            r.Devices.Count == 0 ? 0 : Math.Round(100.0 * activated / r.Devices.Count, 2));
    }
}
