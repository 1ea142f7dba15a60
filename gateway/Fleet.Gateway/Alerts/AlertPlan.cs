// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Alerts;

/// <summary>What one evaluation changes: conditions to raise, open alerts to clear.</summary>
public sealed record AlertPlan(IReadOnlyList<AlertCondition> ToRaise, IReadOnlyList<AlertRecord> ToClear)
{
    /// <summary>
    /// De-duplicates against what is open: a condition whose (device, kind) already has an open alert raises
    /// nothing; an open alert whose condition no longer holds is cleared. Pure.
    /// </summary>
    public static AlertPlan Between(IReadOnlyList<AlertRecord> open, IReadOnlyList<AlertCondition> active)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(active);
        var openKeys = open.Select(a => (a.DeviceId, a.Kind)).ToHashSet();
        var activeKeys = active.Select(c => (c.DeviceId, c.Kind)).ToHashSet();
        var raise = active.Where(c => !openKeys.Contains((c.DeviceId, c.Kind)))
            .DistinctBy(c => (c.DeviceId, c.Kind)).ToList();
        var clear = open.Where(a => !activeKeys.Contains((a.DeviceId, a.Kind))).ToList();
        return new AlertPlan(raise, clear);
    }

    public bool IsEmpty => ToRaise.Count == 0 && ToClear.Count == 0;
}
