// SPDX-License-Identifier: MIT
namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// One virtual sensor's time: real time while it is awake (the radio, broker and detector take what they take),
/// plus every second of sleep it skipped. With <c>--speed X</c> a sleep of S seconds lasts S / X real seconds and
/// the clock jumps the rest, so the agent's RTC, back-off windows, daily energy caps and quiet hours see the
/// sleep in full while radio time (the agent's budget) stays honest. Thread-safe.
/// </summary>
public sealed class SensorClock(TimeProvider real, double speed) : TimeProvider
{
    private long _skippedTicks;

    /// <summary>Virtual seconds per real second of sleep, ≥ 1.</summary>
    public double Speed { get; } = speed >= 1.0 ? speed : throw new ArgumentOutOfRangeException(nameof(speed), "speed must be at least 1");

    /// <summary>Sleep skipped so far.</summary>
    public TimeSpan Skipped => TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

    public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + Skipped;

    public override long TimestampFrequency => real.TimestampFrequency;

    public override long GetTimestamp() =>
        real.GetTimestamp() + (long)(Skipped.TotalSeconds * real.TimestampFrequency);

    /// <summary>
    /// Sleeps <paramref name="duration"/> of sensor time: waits duration / speed in real time (at most
    /// <paramref name="maxReal"/>) and skips the rest.
    /// </summary>
    public async Task SleepAsync(TimeSpan duration, CancellationToken cancellationToken, TimeSpan? maxReal = null)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        TimeSpan wait = duration / Speed;
        if (maxReal is { } cap && wait > cap)
        {
            wait = cap;
        }

        await Task.Delay(wait, real, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _skippedTicks, (duration - wait).Ticks);
    }
}
