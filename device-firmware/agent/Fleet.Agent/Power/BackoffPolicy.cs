using Fleet.Agent.Ports;

namespace Fleet.Agent.Power;

/// <summary>
/// When the broker cannot be reached: exponential delay between attempts (base · 2^(n-1), capped), with jitter,
/// at most one attempt per wake, and a daily energy cap on failed attempts. Sensing and queuing go on while the
/// radio stays off; nothing here ever loops on the radio.
/// </summary>
public sealed class BackoffPolicy
{
    private const ulong DayMs = 86400000UL;
    private readonly AgentOptions _options;
    private readonly IRandomSource _random;

    public BackoffPolicy(AgentOptions options, IRandomSource random)
    {
        _options = options;
        _random = random;
    }

    /// <summary>Energy one failed attempt costs (µJ): the radio stays up until the connect timeout.</summary>
    public ulong FailedAttemptUj => (ulong)_options.ConnectTimeoutMs * (ulong)_options.RadioPowerMw;

    /// <summary>Whether this wake may try the radio; returns the reason when not ("" when it may).</summary>
    public string MayAttempt(AgentState s, ulong nowMs)
    {
        RollWindow(s, nowMs);
        if (s.ConsecutiveFailures > 0 && nowMs < s.NextAttemptUnixMs)
        {
            return "backoff";
        }
        if (s.ConsecutiveFailures > 0 && s.RetryEnergyInWindowUj + FailedAttemptUj > _options.RetryBudgetUjPerDay)
        {
            return "retry energy budget spent";
        }
        return "";
    }

    public void OnSuccess(AgentState s)
    {
        s.ConsecutiveFailures = 0;
        s.NextAttemptUnixMs = 0;
    }

    /// <summary>Records a failed attempt that cost <paramref name="energyUj"/> and schedules the next one.</summary>
    public void OnFailure(AgentState s, ulong nowMs, ulong energyUj, bool refused)
    {
        RollWindow(s, nowMs);
        s.ConsecutiveFailures++;
        s.RetryEnergyInWindowUj += energyUj;
        s.RetryEnergyTotalUj += energyUj;
        s.FailedAttempts++;
        ulong delayMs = DelayMs(s.ConsecutiveFailures);
        if (refused)
        {
            // Refused credentials do not heal by retrying: wait the longest delay.
            delayMs = (ulong)_options.BackoffMaxS * 1000UL;
        }
        s.NextAttemptUnixMs = nowMs + delayMs;
    }

    /// <summary>Delay after the n-th consecutive failure, jittered by ±BackoffJitterPm.</summary>
    public ulong DelayMs(uint failures)
    {
        ulong delay = (ulong)_options.BackoffBaseS * 1000UL;
        ulong max = (ulong)_options.BackoffMaxS * 1000UL;
        for (uint i = 1; i < failures && delay < max; i++)
        {
            delay *= 2;
        }
        if (delay > max)
        {
            delay = max;
        }
        int span = _options.BackoffJitterPm * 2 + 1;
        long jitterPm = (long)(_random.NextUInt() % (uint)span) - _options.BackoffJitterPm;
        long jittered = (long)delay + ((long)delay * jitterPm / 1000);
        return jittered < 1000 ? 1000UL : (ulong)jittered;
    }

    private static void RollWindow(AgentState s, ulong nowMs)
    {
        if (s.RetryWindowStartMs == 0 || nowMs >= s.RetryWindowStartMs + DayMs || nowMs < s.RetryWindowStartMs)
        {
            s.RetryWindowStartMs = nowMs;
            s.RetryEnergyInWindowUj = 0;
        }
    }
}
