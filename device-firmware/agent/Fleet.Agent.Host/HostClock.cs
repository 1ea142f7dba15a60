using Fleet.Agent.Ports;

namespace Fleet.Agent.Host;

/// <summary><see cref="IAgentClock"/> from a <see cref="TimeProvider"/> (system time, or a fake one in tests).</summary>
public sealed class HostClock : IAgentClock
{
    private readonly TimeProvider _time;
    private readonly long _bootTimestamp;

    public HostClock(TimeProvider time)
    {
        _time = time;
        _bootTimestamp = time.GetTimestamp();
    }

    public ulong UnixTimeMs => (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds();

    public long MonotonicMs => (long)_time.GetElapsedTime(_bootTimestamp).TotalMilliseconds;
}
