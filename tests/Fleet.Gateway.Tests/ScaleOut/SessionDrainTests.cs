// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Tests.External;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MQTTnet;

namespace Fleet.Gateway.Tests.ScaleOut;

/// <summary>
/// <see cref="IngestClient.DrainSessionAsync"/> against a real Mosquitto whose in-flight window (2 messages) is far
/// smaller than the dead session's queue, with a store slower than the drain's idle time. Mosquitto sends the rest
/// of the queue only as messages are acknowledged, so a drain that took the quiet while its own writes were pending
/// for an empty queue would end the session, and lose what it still held, after the first window.
/// </summary>
public sealed class SessionDrainTests : IAsyncLifetime
{
    private const string Device = "dev-drain";
    private const string DevicePassword = "drain-device-password";
    private const string DeadClientId = "fleet:gateway:ingest:gw-dead";
    private const int Queued = 12;

    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StoreTime = TimeSpan.FromMilliseconds(300);

    private readonly MosquittoFixture _mosquitto = new()
    {
        ExtraConfig = ["max_inflight_messages 2"],
        ExtraUsers = new Dictionary<string, string> { [Device] = DevicePassword },
    };

    public Task InitializeAsync() => _mosquitto.InitializeAsync();

    public Task DisposeAsync() => _mosquitto.DisposeAsync();

    [Fact]
    public async Task Drain_WithAStoreSlowerThanIdle_TakesTheWholeQueueBeforeEndingTheSession()
    {
        var broker = Options.Create(new BrokerOptions
        {
            Mode = BrokerMode.External,
            Port = _mosquitto.Port,
            UserName = MosquittoFixture.GatewayUser,
            Password = _mosquitto.GatewayPassword,
        });
        var clientOptions = new GatewayClientOptions(broker, new InternalCredentials());

        // The dead instance: a persistent session subscribed to the uplinks, gone without ending it.
        using (var dead = new MqttClientFactory().CreateMqttClient())
        {
            await dead.ConnectAsync(clientOptions.Build(DeadClientId));
            await dead.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(clientOptions.UplinkFilter, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await dead.DisconnectAsync();
        }

        await using (var device = await TestDevice.ConnectAsync(_mosquitto.Port, Device, DevicePassword))
        {
            for (uint seq = 1; seq <= Queued; seq++)
            {
                var published = await device.PublishAsync(Topics.For(Device, MessageType.Telemetry),
                    Payloads.Encode(Payloads.Telemetry(Device, seq)));
                Assert.True(published.IsSuccess, published.ReasonCode.ToString());
            }
        }

        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var telemetry = new GatewayTelemetry(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var queue = new IngestQueue();
        using var ingest = new IngestClient(clientOptions,
            new BrokerConnectionPolicy(broker, telemetry, TimeProvider.System, NullLogger<BrokerConnectionPolicy>.Instance),
            queue,
            new IngestStats(telemetry, new RejectionLogLimiter(TimeProvider.System), NullLogger<IngestStats>.Instance),
            telemetry, TimeProvider.System, NullLogger<IngestClient>.Instance);

        // A slow store: each message is committed (here: recorded) well after the drain's idle time has passed.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stored = new List<uint>();
        var writer = Task.Run(async () =>
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stop.Token))
            {
                await Task.Delay(StoreTime, stop.Token);
                lock (stored)
                {
                    stored.Add(Assert.IsType<Telemetry>(item.Message).Sequence);
                }

                await item.Delivery.AcknowledgeAsync(stop.Token);
                item.Acknowledged?.TrySetResult();
            }
        }, stop.Token);

        var (completed, messages) = await ingest.DrainSessionAsync(DeadClientId, Idle, stop.Token);

        Assert.True(completed, "the drain did not complete");
        Assert.Equal(Queued, messages);
        lock (stored)
        {
            Assert.Equal(Enumerable.Range(1, Queued).Select(i => (uint)i), stored);
        }

        // The session was ended only after that (the drain gives it a second; Mosquitto expires sessions on its
        // periodic pass and logs it). The probe itself asks for no session, so it cannot leave one behind either way.
        await Eventually.UntilAsync(() => _mosquitto.Log.Contains($"Expiring client {DeadClientId}", StringComparison.Ordinal),
            "Mosquitto expires the drained session");
        using var probe = new MqttClientFactory().CreateMqttClient();
        var result = await probe.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _mosquitto.Port)
            .WithClientId(DeadClientId)
            .WithCredentials(MosquittoFixture.GatewayUser, _mosquitto.GatewayPassword)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .Build());
        Assert.False(result.IsSessionPresent, "the dead instance's session was not ended");
        await probe.DisconnectAsync();

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer);
    }
}
