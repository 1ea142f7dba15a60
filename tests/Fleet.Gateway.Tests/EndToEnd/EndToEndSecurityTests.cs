// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Tests.Infrastructure;
using MQTTnet;
using static Fleet.Gateway.Tests.EndToEnd.EndToEndApi;

namespace Fleet.Gateway.Tests.EndToEnd;

/// <summary>
/// Device identity end to end: a device cannot publish under another device's id, and a rotated secret replaces the
/// old one at the broker. Run in every configuration of the matrix (<see cref="GatewayMatrix"/>): real broker, real
/// database, real sockets.
/// </summary>
public sealed class EndToEndSecurityTests(GatewayMatrix matrix) : IClassFixture<GatewayMatrix>
{
    [GatewayMatrixTheory]
    public async Task Publish_UnderAnotherDevicesId_IsRefusedAndNotStored(string configuration)
    {
        await using var gateway = await matrix.StartAsync(configuration);
        var id = MatrixGateway.NewDeviceId("acl");
        var victim = MatrixGateway.NewDeviceId("victim");
        var secret = await gateway.CreateDeviceAsync(id);
        await gateway.CreateDeviceAsync(victim);

        await using (var device = await gateway.WakeAsync(id, secret))
        {
            var forged = await device.PublishRawAsync(Topics.For(victim, MessageType.Telemetry),
                Payloads.Encode(Payloads.Telemetry(victim, 1)));
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
            // A later message of its own on the same connection: once it is stored, the forged one (sent before
            // it) would have been too.
            await device.PublishAsync(Payloads.Telemetry(id, 1));
        }

        await Eventually.UntilAsync(async () => await gateway.CountRowsAsync("telemetry") == 1, "own telemetry stored");
        Assert.Equal(1, await gateway.CountRowsAsync("uplink_ledger"));
        var victimState = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{victim}");
        Assert.Equal(JsonValueKind.Null, victimState.GetProperty("lastSeen").ValueKind);
        if (!gateway.Configuration.UsesMosquitto)
        {
            // Only the embedded broker can count it: Mosquitto refuses on its own and the gateway never hears of it.
            Assert.Equal(1, (await gateway.GetStatsAsync()).Rejected[RejectionReasons.Name(DecodeError.AclDenied)]);
        }
    }

    [GatewayMatrixTheory]
    public async Task RotateCredentials_OldSecretRefusedNewOneIngests(string configuration)
    {
        await using var gateway = await matrix.StartAsync(configuration);
        var id = MatrixGateway.NewDeviceId("rot");
        var old = await gateway.CreateDeviceAsync(id);

        var fresh = await gateway.RotateCredentialsAsync(id);

        Assert.NotEqual(old, fresh);
        Assert.NotEqual(MqttClientConnectResultCode.Success, await gateway.TryConnectAsync(id, old));
        await using (var device = await gateway.WakeAsync(id, fresh))
        {
            await device.PublishAsync(Payloads.Telemetry(id, 1));
        }

        await Eventually.UntilAsync(async () => await gateway.CountRowsAsync("telemetry") == 1, "telemetry stored");
        Assert.Equal(HttpStatusCode.NotFound,
            (await gateway.Http.PostAsync($"/api/devices/{MatrixGateway.NewDeviceId("nobody")}/credentials", null))
            .StatusCode);
    }
}
