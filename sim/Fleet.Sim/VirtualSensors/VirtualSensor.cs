// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Fleet.Sim.VirtualSensors;

/// <summary>Names the virtual sensors trace under (the gateway's tracing listens to <see cref="ActivitySourceName"/>).</summary>
public static class VirtualSensor
{
    /// <summary>Trace source of the wakes.</summary>
    public const string ActivitySourceName = "Fleet.Sim";

    /// <summary>Name of the span around one wake of one sensor.</summary>
    public const string WakeActivityName = "fleet.sim.wake";

    // One source for all sensors: an ActivitySource registers itself process-wide. It holds no state of ours.
    internal static readonly ActivitySource WakeSource = new(ActivitySourceName);
}
