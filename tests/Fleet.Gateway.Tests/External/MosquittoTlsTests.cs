// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Tests.Infrastructure;
using MQTTnet;

namespace Fleet.Gateway.Tests.External;

public sealed class MosquittoTlsTests : IAsyncLifetime
{
    private readonly MosquittoFixture _mosquitto = new(tls: true);

    public Task InitializeAsync() => _mosquitto.InitializeAsync();

    public Task DisposeAsync() => _mosquitto.DisposeAsync();

    [Fact]
    public async Task Ingest_OverTlsWithPrivateCa_StoresTelemetryFromPlainListener()
    {
        using var dir = new TempDirectory();
        // StartAsync waits for the ingest subscription, which here runs over TLS verified against the test CA.
        await using var gateway = await TestGateway.StartAsync(dir.Path, _mosquitto.GatewayArgs());
        var secret = (await gateway.ProvisionAsync("cam-1"))["cam-1"];
        await Eventually.UntilAsync(
            async () => await TestDevice.TryConnectAsync(_mosquitto.Port, "cam-1", "cam-1", secret)
                == MqttClientConnectResultCode.Success,
            "Mosquitto accepts cam-1", TimeSpan.FromSeconds(15));
        await using var device = await TestDevice.ConnectAsync(_mosquitto.Port, "cam-1", secret);

        await device.PublishAsync(Topics.For("cam-1", MessageType.Telemetry), Payloads.Encode(Payloads.Telemetry("cam-1", 1)));

        await Eventually.UntilAsync(async () => await gateway.CountRowsAsync("telemetry") == 1,
            $"telemetry stored; Mosquitto's output:\n{_mosquitto.Log}");
    }
}
