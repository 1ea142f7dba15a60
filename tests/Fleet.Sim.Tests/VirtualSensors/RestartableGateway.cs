// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Fleet.Sim.Tests.VirtualSensors;

/// <summary>
/// A real in-process MQTT 5 broker (persistent sessions in memory, per-device passwords) that can be stopped and
/// started again on the same port, losing its sessions and retained messages as a restarted embedded broker
/// does; plus the gateway's side of protocol v1 on a real connection: every uplink decoded by the gateway's codec,
/// retained desired configs and OTA offers published, chunks served on request.
/// </summary>
internal sealed class RestartableGateway : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _secrets = new();
    private MqttServer? _server;
    private IMqttClient? _gateway;
    private byte[] _artifact = [];
    private uint _offerId;

    private RestartableGateway(int port) => Port = port;

    public int Port { get; }

    public ConcurrentQueue<FleetMessage> Uplinks { get; } = new();

    public ConcurrentQueue<string> Undecodable { get; } = new();

    public static async Task<RestartableGateway> StartAsync()
    {
        var gateway = new RestartableGateway(FreePort());
        await gateway.StartBrokerAsync();
        return gateway;
    }

    public void AddDevice(string deviceId, string secret) => _secrets[deviceId] = secret;

    public T[] Of<T>() where T : FleetMessage => Uplinks.OfType<T>().ToArray();

    /// <summary>Detection sequence numbers received from <paramref name="deviceId"/>, duplicates removed.</summary>
    public SortedSet<uint> DetectionSeqs(string deviceId) =>
        [.. Of<DetectionEvent>().Where(d => d.DeviceId == deviceId).Select(d => d.Sequence)];

    public Task PublishDesiredConfigAsync(string deviceId, DeviceConfig config) =>
        PublishAsync(Topics.For(deviceId, MessageType.DesiredConfig), FleetCodec.Encode(new DesiredConfig(deviceId, config)), retain: true);

    public Task OfferAsync(OtaOffer offer, byte[] artifact)
    {
        _artifact = artifact;
        _offerId = offer.OfferId;
        return PublishAsync(Topics.For(offer.DeviceId, MessageType.OtaOffer), FleetCodec.Encode(offer), retain: true);
    }

    /// <summary>Stops the broker (every connection drops, sessions and retained messages are lost) and starts it again.</summary>
    public async Task RestartAsync()
    {
        await StopBrokerAsync();
        await StartBrokerAsync();
    }

    public async Task StopBrokerAsync()
    {
        if (_gateway is not null)
        {
            _gateway.Dispose();
            _gateway = null;
        }

        if (_server is not null)
        {
            await _server.StopAsync();
            _server.Dispose();
            _server = null;
        }
    }

    public async Task StartBrokerAsync()
    {
        MqttServerFactory factory = new();
        MqttServerOptions options = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(Port)
            .WithPersistentSessions()
            .Build();
        _server = factory.CreateMqttServer(options);
        ClientIdHandover handover = new(_server, TimeSpan.FromSeconds(5), TimeProvider.System);
        _server.ValidatingConnectionAsync += async e =>
        {
            if (e.ClientId != "gateway" && (!_secrets.TryGetValue(e.ClientId, out string? secret) || e.UserName != e.ClientId || e.Password != secret))
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
                return;
            }

            await handover.HandOverAsync(e.ClientId, CancellationToken.None);
        };
        await _server.StartAsync();
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            OnUplink(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Port)
            .WithClientId("gateway").WithProtocolVersion(MqttProtocolVersion.V500).WithCleanStart(true).Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("fleet/v1/+/up/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        _gateway = client;
    }

    public async ValueTask DisposeAsync() => await StopBrokerAsync();

    private void OnUplink(string topic, byte[] payload)
    {
        DecodeResult result = FleetCodec.DecodeUplink(topic, payload);
        if (!result.IsSuccess)
        {
            Undecodable.Enqueue($"{topic}: {result.Error} {result.Detail}");
            return;
        }

        FleetMessage message = result.Message!;
        Uplinks.Enqueue(message);
        if (message is OtaChunkRequest request && request.OfferId == _offerId && request.Offset < _artifact.Length)
        {
            int length = (int)Math.Min(request.Length, _artifact.Length - request.Offset);
            var chunk = new OtaChunk(message.DeviceId, request.OfferId, request.Offset,
                _artifact.AsMemory((int)request.Offset, length).ToArray());
            // Not awaited inside the receive handler: MQTTnet delivers messages one at a time per client.
            _ = Task.Run(() => PublishAsync(Topics.For(message.DeviceId, MessageType.OtaChunk), FleetCodec.Encode(chunk), retain: false));
        }
    }

    private async Task PublishAsync(string topic, byte[] payload, bool retain)
    {
        IMqttClient client = _gateway ?? throw new InvalidOperationException("the broker is stopped");
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithRetainFlag(retain).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
