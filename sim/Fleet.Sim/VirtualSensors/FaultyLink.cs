// SPDX-License-Identifier: MIT
using Fleet.Agent.Host;
using Fleet.Agent.Ports;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// The radio of a virtual sensor: the agent's MQTTnet link with faults injected where a real link has them. A link
/// loss drops the TCP connection without DISCONNECT after a number of acknowledged publishes (the broker fires
/// the will; the agent sees failed publishes and keeps the rest in flash). A brown-out does the same and then
/// throws <see cref="BrownOutException"/> out of the agent. A corrupted chunk has one data byte flipped after
/// the gateway encoded it, so only the slot's SHA-256 can notice. During a broker outage connects fail as
/// unreachable. Used by one sensor's wakes at a time.
/// </summary>
public sealed class FaultyLink : IMqttLink, IDisposable
{
    private readonly MqttNetLink _inner;
    private readonly Random _random;
    private readonly FaultOptions _faults;
    private readonly Func<bool> _brokerOutage;
    private int _publishes;
    private int _linkLossAt = -1;
    private int _brownOutAt = -1;
    private bool _dead;
    private bool _armedExplicitly;
    private bool _corruptEvery;

    public FaultyLink(MqttNetLink inner, FaultOptions faults, Random random, Func<bool> brokerOutage)
    {
        _inner = inner;
        _faults = faults;
        _random = random;
        _brokerOutage = brokerOutage;
    }

    public int LinkLossesInjected { get; private set; }
    public int BrownOutsInjected { get; private set; }
    public int ChunksCorrupted { get; private set; }
    public int OutageConnectsRefused { get; private set; }

    /// <summary>Connect attempts of the current (or last) wake (what the energy model charges as sessions).</summary>
    public int ConnectsThisWake { get; private set; }

    /// <summary>Publishes sent in the current (or last) wake.</summary>
    public int PublishesThisWake { get; private set; }

    /// <summary>Payload bytes of those publishes.</summary>
    public long BytesThisWake { get; private set; }

    /// <summary>A link loss or brown-out cut the current (or last) wake.</summary>
    public bool FaultedThisWake { get; private set; }

    /// <summary>Draws this wake's faults; call before the agent's wake.</summary>
    public void ArmForWake()
    {
        FaultedThisWake = false;
        ConnectsThisWake = 0;
        PublishesThisWake = 0;
        BytesThisWake = 0;
        if (_armedExplicitly)
        {
            _armedExplicitly = false;
            return;
        }

        _linkLossAt = _random.NextDouble() < _faults.LinkLossRate ? _random.Next(1, 4) : -1;
        _brownOutAt = _linkLossAt < 0 && _random.NextDouble() < _faults.BrownOutRate ? _random.Next(1, 4) : -1;
    }

    /// <summary>Arms a link loss after <paramref name="publishes"/> acknowledged publishes of the next wake.</summary>
    public void ArmLinkLoss(int publishes)
    {
        _armedExplicitly = true;
        _linkLossAt = publishes;
    }

    /// <summary>Arms a brown-out at publish number <paramref name="publish"/> of the next wake.</summary>
    public void ArmBrownOut(int publish)
    {
        _armedExplicitly = true;
        _brownOutAt = publish;
    }

    /// <summary>Corrupts every received OTA chunk (true) or none beyond <see cref="FaultOptions.CorruptChunkRate"/> (false).</summary>
    public void ArmCorruptChunks(bool every) => _corruptEvery = every;

    public ConnectOutcome Connect(ConnectRequest request)
    {
        _publishes = 0;
        _dead = false;
        ConnectsThisWake++;
        if (_brokerOutage())
        {
            OutageConnectsRefused++;
            return ConnectOutcome.Unreachable;
        }

        return _inner.Connect(request);
    }

    public bool Subscribe(string topicFilter) => !_dead && _inner.Subscribe(topicFilter);

    public bool Publish(string topic, byte[] payload, bool retain)
    {
        if (_dead)
        {
            return false;
        }

        _publishes++;
        // The radio is on air before the fault strikes, so the attempt is charged whatever follows.
        PublishesThisWake++;
        BytesThisWake += payload.Length;
        if (_publishes == _brownOutAt)
        {
            _brownOutAt = -1;
            BrownOutsInjected++;
            FaultedThisWake = true;
            _inner.Abort();
            _dead = true;
            throw new BrownOutException();
        }

        if (_publishes == _linkLossAt)
        {
            _linkLossAt = -1;
            LinkLossesInjected++;
            FaultedThisWake = true;
            _inner.Abort();
            _dead = true;
            return false;
        }

        return _inner.Publish(topic, payload, retain);
    }

    public InboundMessage? Receive(int timeoutMs)
    {
        if (_dead)
        {
            return null;
        }

        InboundMessage? message = _inner.Receive(timeoutMs);
        if (message is not null && message.Topic.EndsWith("/down/ota/chunk", StringComparison.Ordinal)
            && (_corruptEvery || (_faults.CorruptChunkRate > 0 && _random.NextDouble() < _faults.CorruptChunkRate)))
        {
            return Corrupt(message);
        }

        return message;
    }

    public void Disconnect()
    {
        if (!_dead)
        {
            _inner.Disconnect();
        }
    }

    /// <summary>Drops the connection without DISCONNECT (power cut).</summary>
    public void Abort()
    {
        _dead = true;
        _inner.Abort();
    }

    /// <summary>The sensor rebooted from a power cut: messages delivered but not taken are lost.</summary>
    public void PowerCycle() => _inner.ForgetInbox();

    public void Dispose() => _inner.Dispose();

    private InboundMessage Corrupt(InboundMessage message)
    {
        DecodeResult decoded = FleetCodec.Decode(message.Payload);
        if (decoded.Message is not OtaChunk { Data.Length: > 0 } chunk)
        {
            return message;
        }

        byte[] data = chunk.Data.ToArray();
        data[_random.Next(data.Length)] ^= (byte)(1 << _random.Next(8));
        ChunksCorrupted++;
        return new InboundMessage(message.Topic, FleetCodec.Encode(chunk with { Data = data }), message.Retained);
    }
}
