using Fleet.Agent.Ports;

namespace Fleet.Agent.Power;

/// <summary>
/// Radio time of one wake. Each operation is charged what it measurably took, but at least its modelled minimum,
/// so a fast test network does not make the budget meaningless.
/// </summary>
public sealed class RadioBudget
{
    private readonly IAgentClock _clock;
    private readonly int _budgetMs;
    private long _spentMs;
    private long _startedAt;

    public RadioBudget(IAgentClock clock, int budgetMs)
    {
        _clock = clock;
        _budgetMs = budgetMs;
    }

    public long SpentMs => _spentMs;

    public long RemainingMs => _budgetMs - _spentMs;

    /// <summary>Starts timing one operation.</summary>
    public void Start() => _startedAt = _clock.MonotonicMs;

    /// <summary>Ends the operation started last and charges max(measured, <paramref name="minimumMs"/>).</summary>
    public void Charge(long minimumMs)
    {
        long measured = _clock.MonotonicMs - _startedAt;
        _spentMs += measured > minimumMs ? measured : minimumMs;
    }

    public bool Has(long ms) => RemainingMs >= ms;
}
