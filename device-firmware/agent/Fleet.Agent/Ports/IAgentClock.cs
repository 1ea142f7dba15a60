namespace Fleet.Agent.Ports;

/// <summary>Time as the device sees it: RTC wall time and a monotonic counter (native core: fl_hal clock).</summary>
public interface IAgentClock
{
    /// <summary>Unix time in milliseconds by the device's RTC.</summary>
    ulong UnixTimeMs { get; }

    /// <summary>Monotonic milliseconds since boot; used to measure radio time.</summary>
    long MonotonicMs { get; }
}
