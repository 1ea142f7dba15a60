using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Fleet.Agent.Tests;

/// <summary>
/// The gateway's side of protocol v1 as a test double on a real MQTT connection: decodes every uplink with the
/// gateway's codec (shared/Fleet.Contracts), publishes retained config and offers, serves OTA chunks on request
/// and clears the retained offer once a result arrives (docs/protocol.md §1.1).
/// </summary>
internal sealed class GatewayDouble : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly Channel<MqttApplicationMessage> _outbox = Channel.CreateUnbounded<MqttApplicationMessage>();
    private readonly Task _sender;
    private byte[] _artifact = [];
    private uint _offerId;

    private GatewayDouble(IMqttClient client)
    {
        _client = client;
        _sender = Task.Run(SendLoopAsync);
    }

    public ConcurrentQueue<FleetMessage> Uplinks { get; } = new();
    public ConcurrentQueue<string> Rejected { get; } = new();
    public int ChunkRequests;
    public long BytesServed;

    public static async Task<GatewayDouble> StartAsync(int port)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        var gateway = new GatewayDouble(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            gateway.OnUplink(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithClientId("gateway").WithProtocolVersion(MqttProtocolVersion.V500).WithCleanStart(true).Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("fleet/v1/+/up/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return gateway;
    }

    public T[] Of<T>() where T : FleetMessage => Uplinks.OfType<T>().ToArray();

    public Task PublishDesiredConfigAsync(string deviceId, DeviceConfig config) =>
        PublishAsync(Topics.For(deviceId, MessageType.DesiredConfig), FleetCodec.Encode(new DesiredConfig(deviceId, config)), retain: true);

    public Task OfferAsync(string deviceId, OtaOffer offer, byte[] artifact)
    {
        _artifact = artifact;
        _offerId = offer.OfferId;
        return PublishAsync(Topics.For(deviceId, MessageType.OtaOffer), FleetCodec.Encode(offer), retain: true);
    }

    private void OnUplink(string topic, byte[] payload)
    {
        DecodeResult result = FleetCodec.DecodeUplink(topic, payload);
        if (!result.IsSuccess)
        {
            Rejected.Enqueue($"{topic}: {result.Error} {result.Detail}");
            return;
        }
        FleetMessage message = result.Message!;
        Uplinks.Enqueue(message);
        if (message is OtaChunkRequest request && request.OfferId == _offerId && request.Offset < _artifact.Length)
        {
            Interlocked.Increment(ref ChunkRequests);
            int length = (int)Math.Min(request.Length, _artifact.Length - request.Offset);
            Interlocked.Add(ref BytesServed, length);
            var chunk = new OtaChunk(message.DeviceId, request.OfferId, request.Offset, _artifact.AsMemory((int)request.Offset, length).ToArray());
            Enqueue(Topics.For(message.DeviceId, MessageType.OtaChunk), FleetCodec.Encode(chunk), retain: false);
        }
        else if (message is OtaResult)
        {
            Enqueue(Topics.For(message.DeviceId, MessageType.OtaOffer), [], retain: true);
        }
    }

    private Task PublishAsync(string topic, byte[] payload, bool retain)
    {
        Enqueue(topic, payload, retain);
        return Task.CompletedTask;
    }

    // Publishing from the receive handler would wait for a PUBACK the same loop must read: hand it to a sender.
    private void Enqueue(string topic, byte[] payload, bool retain)
    {
        Interlocked.Increment(ref _pending);
        _outbox.Writer.TryWrite(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithRetainFlag(retain).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
    }

    /// <summary>Waits (up to 10 s) until everything handed to the sender was acknowledged by the broker.</summary>
    public async Task FlushAsync()
    {
        for (int i = 0; i < 1000 && Volatile.Read(ref _pending) > 0; i++)
        {
            await Task.Delay(10);
        }
    }

    private int _pending;

    private async Task SendLoopAsync()
    {
        await foreach (MqttApplicationMessage message in _outbox.Reader.ReadAllAsync())
        {
            await _client.PublishAsync(message);
            Interlocked.Decrement(ref _pending);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        await _sender;
        await _client.DisconnectAsync();
        _client.Dispose();
    }
}
