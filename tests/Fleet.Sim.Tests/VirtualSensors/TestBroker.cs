// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Fleet.Sim.Tests.VirtualSensors;

/// <summary>
/// An in-process MQTT 5 broker on a free loopback port with persistent sessions and per-device passwords, plus an
/// observer client subscribed to every v1 topic, recording what arrives in order.
/// </summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly ClientIdHandover _handover;
    private readonly IMqttClient _observer;
    private readonly ConcurrentDictionary<string, string> _secrets = new();
    private readonly ConcurrentQueue<ObservedMessage> _observed = new();
    private readonly ConcurrentQueue<ConnectAttempt> _connects = new();
    private readonly SemaphoreSlim _arrivals = new(0);

    private TestBroker(int port, MqttServer server, IMqttClient observer)
    {
        Port = port;
        _server = server;
        _handover = new ClientIdHandover(server, TimeSpan.FromSeconds(5), TimeProvider.System);
        _observer = observer;
    }

    public int Port { get; }

    public IReadOnlyList<ObservedMessage> Observed => [.. _observed];

    public IReadOnlyList<ConnectAttempt> Connects => [.. _connects];

    public static async Task<TestBroker> StartAsync()
    {
        int port = FreePort();
        MqttServerFactory serverFactory = new();
        MqttServerOptions options = serverFactory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .WithPersistentSessions()
            .Build();
        MqttServer server = serverFactory.CreateMqttServer(options);
        MqttClientFactory clientFactory = new();
        IMqttClient observer = clientFactory.CreateMqttClient();
        TestBroker broker = new(port, server, observer);

        server.ValidatingConnectionAsync += broker.ValidateAsync;
        await server.StartAsync();

        observer.ApplicationMessageReceivedAsync += e =>
        {
            broker._observed.Enqueue(new ObservedMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(),
                e.ApplicationMessage.Retain));
            broker._arrivals.Release();
            return Task.CompletedTask;
        };
        await observer.ConnectAsync(clientFactory.CreateClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port).WithClientId("observer").WithProtocolVersion(MqttProtocolVersion.V500).Build());
        await observer.SubscribeAsync(clientFactory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(Topics.Root + "/+/up/#").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build());
        return broker;
    }

    public void AddDevice(string deviceId, string secret) => _secrets[deviceId] = secret;

    /// <summary>Publishes a retained message as the gateway would (e.g. a desired config), before the device wakes.</summary>
    public async Task PublishRetainedAsync(string topic, byte[] payload)
    {
        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(payload).WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()) { SenderClientId = "gateway" });
    }

    /// <summary>Waits until a message satisfying <paramref name="predicate"/> was observed, or fails after 60 s (a loaded runner loads the shared frames slowly).</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ObservedMessage>, bool> predicate)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
        while (!predicate(Observed))
        {
            try
            {
                await _arrivals.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("Timed out waiting for messages; observed: " + string.Join(", ", Observed.Select(m => m.Topic)));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _observer.Dispose();
        await _server.StopAsync();
        _server.Dispose();
        _arrivals.Dispose();
    }

    private async Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        _connects.Enqueue(new ConnectAttempt(e.ClientId, e.UserName, e.CleanSession, e.SessionExpiryInterval, e.ProtocolVersion));
        if (e.ClientId == "observer")
        {
            return;
        }

        // The broker rule of docs/protocol.md §1.2: client id = user name = device id, password = the device secret.
        if (e.UserName != e.ClientId || !_secrets.TryGetValue(e.ClientId, out string? secret) || e.Password != secret)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            return;
        }

        await _handover.HandOverAsync(e.ClientId, CancellationToken.None);
    }

    private static int FreePort()
    {
        // The broker cannot report an ephemeral port, so take one from the OS and hand it over.
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal sealed record ObservedMessage(string Topic, byte[] Payload, bool Retain);

internal sealed record ConnectAttempt(string ClientId, string UserName, bool? CleanSession, uint SessionExpiryInterval,
    MqttProtocolVersion ProtocolVersion);
