// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Ingest;

/// <summary>
/// A fixed-window log budget: a flood of bad payloads (a broken device, a fuzzer) must not turn into a flood of
/// log lines, yet the first few of each window stay visible and the rest are summed up.
/// </summary>
public sealed class RejectionLogLimiter
{
    /// <summary>Log lines allowed per window.</summary>
    public const int LogsPerWindow = 20;

    /// <summary>Length of one window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _windowStart;
    private int _used;
    private long _suppressed;

    public RejectionLogLimiter(TimeProvider time)
    {
        _time = time;
        _windowStart = time.GetTimestamp();
    }

    /// <summary>Takes one log permit; also hands over the count suppressed in the window that just closed.</summary>
    public LogPermit TryAcquire()
    {
        lock (_gate)
        {
            long suppressedBefore = 0;
            if (_time.GetElapsedTime(_windowStart) >= Window)
            {
                suppressedBefore = _suppressed;
                _suppressed = 0;
                _used = 0;
                _windowStart = _time.GetTimestamp();
            }

            if (_used < LogsPerWindow)
            {
                _used++;
                return new LogPermit(true, suppressedBefore);
            }

            _suppressed++;
            return new LogPermit(false, suppressedBefore);
        }
    }
}
