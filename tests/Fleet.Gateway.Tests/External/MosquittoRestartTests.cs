// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Api;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;

namespace Fleet.Gateway.Tests.External;

public sealed class MosquittoRestartTests : IAsyncLifetime
{
    private readonly MosquittoFixture _mosquitto = new();

    public Task InitializeAsync() => _mosquitto.InitializeAsync();

    public Task DisposeAsync() => _mosquitto.DisposeAsync();

    [Fact]
    public async Task Ingest_MosquittoKilledAndRestartedOnSamePort_ReconnectsCountsAttemptsAndStoresLaterMessages()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path, _mosquitto.GatewayArgs());
        using var reconnects = new ReconnectCounter(gateway.Services.GetRequiredService<GatewayTelemetry>().Meter);
        var secret = (await gateway.ProvisionAsync("cam-1"))["cam-1"];
        await PublishTelemetryAsync(gateway, secret, seq: 1);
        await Eventually.UntilAsync(async () => await gateway.CountRowsAsync("telemetry") == 1, "first telemetry stored");

        Assert.Equal("Healthy", await gateway.Http.GetStringAsync("/health"));

        await _mosquitto.KillAsync();
        // The gateway must notice and start retrying while the broker is down, not only once it is back.
        await Eventually.UntilAsync(() => reconnects.Count("ingest") > 1, "ingest retrying against the dead broker");
        // Operators see it: /health turns Degraded (still 200, so a liveness probe does not restart the gateway).
        using (var health = await gateway.Http.GetAsync("/health"))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
        }

        // The JSON form says which check and why, for the portal's banner.
        var details = await gateway.Http.GetFromJsonAsync<GatewayHealthDto>("/api/health");
        Assert.NotNull(details);
        Assert.Equal("Degraded", details.Status);
        var ingestCheck = Assert.Single(details.Checks, c => c.Name == IngestHealthCheck.Name);
        Assert.Equal("Degraded", ingestCheck.Status);
        Assert.Contains("lost the broker", ingestCheck.Description, StringComparison.Ordinal);
        Assert.Equal(new HealthCheckDto(StoreHealthCheck.Name, "Healthy", null),
            Assert.Single(details.Checks, c => c.Name == StoreHealthCheck.Name));

        await _mosquitto.StartAsync();

        // A killed Mosquitto loses what it had not saved, the ingest subscription included, so a message published
        // before ingest is back would have no subscriber: wait for the reconnect first.
        var ingest = gateway.Services.GetRequiredService<IngestClient>();
        await Eventually.UntilAsync(() => ingest.SubscriptionCount >= 2, "ingest reconnected and subscribed");
        Assert.Equal("Healthy", await gateway.Http.GetStringAsync("/health"));
        Assert.All((await gateway.Http.GetFromJsonAsync<GatewayHealthDto>("/api/health"))!.Checks,
            c => Assert.Equal(("Healthy", (string?)null), (c.Status, c.Description)));
        await PublishTelemetryAsync(gateway, secret, seq: 2);
        await Eventually.UntilAsync(async () => await gateway.CountRowsAsync("telemetry") == 2,
            $"telemetry after the restart stored; Mosquitto's output:\n{_mosquitto.Log}");
    }

    private static async Task PublishTelemetryAsync(TestGateway gateway, string secret, uint seq)
    {
        await Eventually.UntilAsync(
            async () => await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-1", "cam-1", secret)
                == MqttClientConnectResultCode.Success,
            "Mosquitto accepts cam-1", TimeSpan.FromSeconds(15));
        await using var device = await gateway.ConnectDeviceAsync("cam-1", secret);
        var result = await device.PublishAsync(Topics.For("cam-1", MessageType.Telemetry),
            Payloads.Encode(Payloads.Telemetry("cam-1", seq)));
        Assert.True(result.IsSuccess, result.ReasonCode.ToString());
    }

    /// <summary>Sums <see cref="BrokerConnectionPolicy.ReconnectsName"/> of one gateway's meter, by client.</summary>
    private sealed class ReconnectCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _counts = [];

        public ReconnectCounter(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == BrokerConnectionPolicy.ReconnectsName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == BrokerConnectionPolicy.ClientTag && tag.Value is string client)
                    {
                        lock (_counts)
                        {
                            _counts[client] = _counts.GetValueOrDefault(client) + value;
                        }
                    }
                }
            });
            _listener.Start();
        }

        public long Count(string client)
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(client);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
