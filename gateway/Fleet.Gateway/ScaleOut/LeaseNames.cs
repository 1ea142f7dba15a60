// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.ScaleOut;

/// <summary>The leases instances compete for in <c>scaleout_leases</c>.</summary>
public static class LeaseNames
{
    /// <summary>Rollout ticks (deadlines, stalls, battery recoveries): one instance at a time.</summary>
    public const string RolloutTicks = "rollout-ticks";

    /// <summary>Alert passes: one instance raises and clears alerts.</summary>
    public const string AlertPasses = "alert-passes";

    /// <summary>Adopting the MQTT sessions of dead instances: one instance at a time.</summary>
    public const string SessionReaper = "session-reaper";

    /// <summary>Prefix of each instance's liveness lease (<c>instance:{id}</c>), renewed while it runs.</summary>
    public const string InstancePrefix = "instance:";
}
