using Fleet.Agent.Wake;

namespace Fleet.Agent.Host;

/// <summary>
/// Runs an agent on .NET as the device would: wake, then sleep for the interval the wake chose. On the device the
/// sleep resets the MCU and the next wake starts over from flash; here the same objects carry on.
/// </summary>
public sealed class AgentRunner(DeviceAgent agent, HostNativeCore core)
{
    /// <summary>Wakes until <paramref name="stop"/> is cancelled; each report goes to <paramref name="onWake"/>.</summary>
    public void Run(CancellationToken stop, Action<WakeReport>? onWake = null)
    {
        while (!stop.IsCancellationRequested)
        {
            WakeReport report = agent.RunWake();
            onWake?.Invoke(report);
            core.Sleep(report.NextWakeS);
        }
    }
}
