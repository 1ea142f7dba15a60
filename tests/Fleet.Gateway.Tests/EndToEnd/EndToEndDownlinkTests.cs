// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Tests.Infrastructure;
using static Fleet.Gateway.Tests.EndToEnd.EndToEndApi;

namespace Fleet.Gateway.Tests.EndToEnd;

/// <summary>
/// Downlinks and restarts end to end: a desired config set through the API reaches a sleeping device retained, its
/// reported config is recorded, and a gateway restart loses neither data, secrets, dedup state nor the pending
/// config. Run in every configuration of the matrix (<see cref="GatewayMatrix"/>): real broker, real database, real
/// sockets.
/// </summary>
public sealed class EndToEndDownlinkTests(GatewayMatrix matrix) : IClassFixture<GatewayMatrix>
{
    [GatewayMatrixTheory]
    public async Task Config_PutThroughApi_DeliveredRetainedAndReportedConfigRecorded(string configuration)
    {
        await using var gateway = await matrix.StartAsync(configuration);
        var id = MatrixGateway.NewDeviceId("cfg");
        var secret = await gateway.CreateDeviceAsync(id);

        var put = await JsonAsync(await gateway.Http.PutAsJsonAsync($"/api/devices/{id}/config", ConfigRequest()),
            HttpStatusCode.OK);
        Assert.Equal(1u, put.GetProperty("desired").GetProperty("configVersion").GetUInt32());
        Assert.False(put.GetProperty("inSync").GetBoolean());

        // The device first connects after the publish: only a retained message can reach it.
        await using var device = await gateway.WakeAsync(id, secret);
        var message = await device.ReceiveAsync(Topics.For(id, MessageType.DesiredConfig));
        Assert.True(message.Retain);
        var desired = Assert.IsType<DesiredConfig>(FleetCodec.Decode(message.Payload.ToArray()).Message);
        Assert.Equal(ExpectedConfig, desired.Config);
        await device.PublishAsync(new ReportedConfig(id, desired.Config, ConfigApplyResult.Applied), retain: true);
        await gateway.UntilJudgedAsync(1, "reported config judged");

        var status = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{id}/config");
        Assert.True(status.GetProperty("inSync").GetBoolean());
        Assert.Equal("applied", status.GetProperty("reported").GetProperty("applyResult").GetString());
        Assert.Equal(1u, status.GetProperty("reported").GetProperty("config").GetProperty("configVersion").GetUInt32());
    }

    [GatewayMatrixTheory]
    public async Task Restart_KeepsDataSecretsAndDedup_SleepingDeviceStillGetsRetainedConfig(string configuration)
    {
        await using var gateway = await matrix.StartAsync(configuration);
        var id = MatrixGateway.NewDeviceId("sleepy");
        var secret = await gateway.CreateDeviceAsync(id);
        var early = MatrixGateway.NewDeviceId("early");
        var earlySecret = await gateway.CreateDeviceAsync(early);

        // First wake ever: no session yet, so the device subscribes; it reports and goes to sleep.
        await using (var device = await gateway.WakeAsync(id, secret))
        {
            Assert.False(device.SessionPresent);
            await device.PublishAsync(Payloads.Telemetry(id, 7, batteryMv: 3650));
            await device.PublishAsync(Payloads.Status(id, 7, DeviceState.Sleeping, nextWakeS: 600), retain: true);
        }

        await gateway.UntilJudgedAsync(2, "first wake stored");
        // While it sleeps, the operator changes its config; then the gateway goes down.
        await JsonAsync(await gateway.Http.PutAsJsonAsync($"/api/devices/{id}/config", ConfigRequest()), HttpStatusCode.OK);
        await gateway.StopAsync();
        if (gateway.Configuration.UsesMosquitto)
        {
            // Mosquitto outlives the gateway: a device that reports now is acknowledged by the broker and its
            // message waits in the gateway's persistent ingest session.
            await using var other = await gateway.WakeAsync(early, earlySecret);
            await other.PublishAsync(Payloads.Telemetry(early, 1));
        }

        await gateway.StartAsync();

        using (var kept = JsonDocument.Parse(await gateway.Http.GetStringAsync($"/api/devices/{id}")))
        {
            Assert.Equal(3650, kept.RootElement.GetProperty("batteryMv").GetInt32());
            Assert.Equal("sleeping", kept.RootElement.GetProperty("state").GetString());
        }

        // Next wake, same secret. The embedded broker's sessions live in memory, so after a restart the device
        // subscribes again (protocol §1.2 step 2) and gets the retained config; Mosquitto kept the session and
        // delivers the config queued in it.
        await using (var device = await gateway.WakeAsync(id, secret))
        {
            Assert.Equal(gateway.Configuration.UsesMosquitto, device.SessionPresent);
            var desired = await device.ReceiveAsync<DesiredConfig>(Topics.For(id, MessageType.DesiredConfig));
            Assert.Equal(ExpectedConfig, desired.Config);
            await device.PublishAsync(new ReportedConfig(id, desired.Config, ConfigApplyResult.Applied), retain: true);
            // A redelivery of the message stored before the restart: the dedup ledger survived too.
            await device.PublishAsync(Payloads.Telemetry(id, 7, batteryMv: 3650));
        }

        // Accepted: the reported config, and with Mosquitto the message held while the gateway was down.
        // Duplicates: the redelivered telemetry, and with the embedded broker the retained status too: its sessions
        // died with the gateway, so ingest subscribes anew and is sent every retained uplink again.
        var mosquitto = gateway.Configuration.UsesMosquitto;
        var expectedAccepted = mosquitto ? 2 : 1;
        var expectedDuplicates = mosquitto ? 1 : 2;
        await gateway.UntilJudgedAsync(expectedAccepted + expectedDuplicates, "second wake judged");
        var stats = await gateway.GetStatsAsync();
        Assert.Equal(expectedAccepted, stats.Accepted);
        Assert.Equal(expectedDuplicates, stats.Rejected[RejectionReasons.Name(DecodeError.Duplicate)]);
        Assert.Equal(1, await gateway.CountRowsAsync("statuses"));
        Assert.Equal(expectedAccepted, await gateway.CountRowsAsync("telemetry"));
        var config = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{id}/config");
        Assert.True(config.GetProperty("inSync").GetBoolean());
    }
}
