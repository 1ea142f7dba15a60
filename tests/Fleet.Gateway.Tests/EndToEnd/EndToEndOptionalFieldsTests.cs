// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Tests.Infrastructure;
using static Fleet.Gateway.Tests.EndToEnd.EndToEndApi;

namespace Fleet.Gateway.Tests.EndToEnd;

/// <summary>
/// The optional v1 fields through every configuration of the matrix (the PostgreSQL ones run migration 4 on a
/// real server): drop counters and wake ledger on the device detail, reject reason and quiet hours on the config.
/// </summary>
public sealed class EndToEndOptionalFieldsTests(GatewayMatrix matrix) : IClassFixture<GatewayMatrix>
{
    [GatewayMatrixTheory]
    public async Task Drop_counters_wake_ledger_and_reject_reason_are_stored_and_shown(string configuration)
    {
        await using var gateway = await matrix.StartAsync(configuration);
        var id = MatrixGateway.NewDeviceId("opt");
        var secret = await gateway.CreateDeviceAsync(id);
        var stats = await gateway.GetStatsAsync();
        var judged = stats.Accepted + stats.Rejected.Values.Sum();

        var put = await JsonAsync(await gateway.Http.PutAsJsonAsync($"/api/devices/{id}/config",
            new { wakeInterval = "00:05:00", telemetryEvery = 4, scoreThresholdPmy = 6000, detector = "smile",
                modelId = "smile-v2", modelVersion = 7, reportEmpty = false, quietStartMin = 1320, quietEndMin = 300 }),
            HttpStatusCode.OK);
        Assert.Equal(1320, put.GetProperty("desired").GetProperty("quietStartMin").GetInt32());

        uint[] ledger = [3_600_000, 50_000, 0, 80_000, 290_000, 120_000, 210_000, 25_000];
        await using (var device = await gateway.WakeAsync(id, secret))
        {
            await device.PublishAsync(Payloads.Telemetry(id, 1) with { DroppedTelemetry = 0, DroppedDetections = 0 });
            await device.PublishAsync(Payloads.Telemetry(id, 2) with
            {
                DroppedTelemetry = 4_000_000_000, DroppedDetections = 3, WakeLedgerUc = ledger,
            });
            var config = new DeviceConfig(1, 300, 4, 6000, DetectorKind.Smile, "smile-v2", 7, false, 60, 120);
            await device.PublishAsync(new ReportedConfig(id, config, ConfigApplyResult.RejectedInvalid, "no quiet at dusk"),
                retain: true);
        }

        await gateway.UntilJudgedAsync(judged + 3, "3 uplinks judged");
        var d = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{id}");
        Assert.Equal(4_000_000_000, d.GetProperty("droppedTelemetry").GetInt64()); // above int32: BIGINT on PostgreSQL
        Assert.Equal(3, d.GetProperty("droppedDetections").GetInt64());
        var charge = d.GetProperty("wakeLedger").GetProperty("chargeUc");
        Assert.Equal(3_600_000, charge.GetProperty("sleep").GetInt64());
        Assert.Equal(25_000, charge.GetProperty("radioRx").GetInt64());

        var status = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{id}/config");
        var reported = status.GetProperty("reported");
        Assert.Equal("rejectedInvalid", reported.GetProperty("applyResult").GetString());
        Assert.Equal("no quiet at dusk", reported.GetProperty("rejectReason").GetString());
        Assert.Equal(60, reported.GetProperty("config").GetProperty("quietStartMin").GetInt32());
        Assert.Equal(300, status.GetProperty("desired").GetProperty("quietEndMin").GetInt32());
        Assert.False(status.GetProperty("inSync").GetBoolean());
    }
}
