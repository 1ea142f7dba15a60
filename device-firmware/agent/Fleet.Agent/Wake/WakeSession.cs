using System.Collections;
using Fleet.Agent.Ports;
using Fleet.Agent.Protocol;

namespace Fleet.Agent.Wake;

/// <summary>
/// The radio side of one wake: every publish and receive goes through here and is charged to the wake's
/// <see cref="RadioBudget"/>. Messages that arrive while the agent waits for something else are kept in order.
/// </summary>
public sealed class WakeSession
{
    private readonly IMqttLink _link;
    private readonly AgentOptions _options;
    private readonly IStateStore _store;
    private readonly AgentState _state;
    private readonly ArrayList _deferred = new ArrayList();

    public WakeSession(IMqttLink link, AgentOptions options, AgentTopics topics, Power.RadioBudget budget, IStateStore store, AgentState state)
    {
        _link = link;
        _options = options;
        Topics = topics;
        Budget = budget;
        _store = store;
        _state = state;
    }

    public AgentTopics Topics { get; }

    public Power.RadioBudget Budget { get; }

    public int Published { get; private set; }

    /// <summary>Set when a publish was not acknowledged: the link is gone for this wake.</summary>
    public bool LinkFailed { get; private set; }

    public bool Publish(string topic, byte[] payload, bool retain)
    {
        if (LinkFailed)
        {
            return false;
        }
        Budget.Start();
        bool ok = _link.Publish(topic, payload, retain);
        Budget.Charge(_options.MessageChargeMs);
        if (ok)
        {
            Published++;
        }
        else
        {
            LinkFailed = true;
        }
        return ok;
    }

    /// <summary>The next message from the radio, or null after <paramref name="timeoutMs"/>.</summary>
    public InboundMessage? Receive(int timeoutMs)
    {
        if (LinkFailed)
        {
            return null;
        }
        Budget.Start();
        InboundMessage? message = _link.Receive(timeoutMs);
        Budget.Charge(message == null ? 0 : _options.MessageChargeMs);
        return message;
    }

    /// <summary>Keeps a message for the next <see cref="ReceiveDeferred"/>.</summary>
    public void Defer(InboundMessage message) => _deferred.Add(message);

    /// <summary>A kept message (never waits on the radio), or null.</summary>
    public InboundMessage? ReceiveDeferred()
    {
        if (_deferred.Count == 0)
        {
            return null;
        }
        var kept = (InboundMessage)_deferred[0]!;
        _deferred.RemoveAt(0);
        return kept;
    }

    public void SaveState() => _state.Save(_store);
}
