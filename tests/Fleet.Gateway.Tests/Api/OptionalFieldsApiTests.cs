// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Alerts;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Alerts;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Gateway.Tests.Api;

/// <summary>
/// The optional v1 fields (docs/protocol.md: telemetry 15-17, reported config 12-14, desired config 13-14) end to
/// end: real MQTT ingest into SQLite, shown by the device and config APIs, and the data-dropped alert.
/// </summary>
public sealed class OptionalFieldsApiTests
{
    private const string Id = "opt-1";
    private static readonly uint[] Ledger = [1_800_000, 40_000, 12_000, 90_000, 310_000, 150_000, 220_000, 30_000];

    private static async Task<(FakeClockGateway Gateway, string Secret)> StartAsync(TempDirectory dir)
    {
        var gateway = await FakeClockGateway.StartAsync(dir.Path);
        var secret = await gateway.Services.GetRequiredService<DeviceRegistry>().ProvisionAsync(Id, CancellationToken.None);
        return (gateway, secret);
    }

    private static Task PublishAsync(FakeClockGateway gateway, string secret, FleetMessage message) =>
        gateway.PublishAndWaitAsync(Id, secret, Topics.For(Id, message.Type), FleetCodec.Encode(message));

    private static Telemetry Telemetry(uint seq, uint? droppedTelemetry, uint? droppedDetections,
        IReadOnlyList<uint>? ledger = null) =>
        Payloads.Telemetry(Id, seq) with
        {
            DroppedTelemetry = droppedTelemetry, DroppedDetections = droppedDetections, WakeLedgerUc = ledger,
        };

    private static async Task<List<AlertRecord>> DroppedAlertsAsync(FakeClockGateway gateway) =>
        (await gateway.Services.GetRequiredService<AlertStore>().QueryAsync(null, Id, 100, CancellationToken.None))
        .Where(a => a.Kind == AlertKind.DataDropped).ToList();

    [Fact]
    public async Task Device_detail_shows_latest_drop_counters_and_wake_ledger_and_rises_raise_data_dropped()
    {
        using var dir = new TempDirectory();
        var (gateway, secret) = await StartAsync(dir);
        await using var owned = gateway;

        var before = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{Id}");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("droppedTelemetry").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("wakeLedger").ValueKind);

        await PublishAsync(gateway, secret, Telemetry(1, 2, 0, Ledger));
        await gateway.EvaluateAsync();
        Assert.Empty(await DroppedAlertsAsync(gateway)); // a first report has nothing to compare with

        // A telemetry without the optional keys keeps the latest known values.
        await PublishAsync(gateway, secret, Telemetry(2, null, null));
        await PublishAsync(gateway, secret, Telemetry(3, 7, 1));
        var device = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{Id}");
        Assert.Equal(7, device.GetProperty("droppedTelemetry").GetInt64());
        Assert.Equal(1, device.GetProperty("droppedDetections").GetInt64());
        var ledger = device.GetProperty("wakeLedger");
        var charge = ledger.GetProperty("chargeUc");
        Assert.Equal(
            ["sleep", "wake", "sensorWarmup", "capture", "detect", "radioConnect", "radioTx", "radioRx"],
            charge.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Ledger.Select(v => (long)v), charge.EnumerateObject().Select(p => p.Value.GetInt64()));
        Assert.Equal(Ledger.Sum(v => (long)v), ledger.GetProperty("totalUc").GetInt64());
        Assert.Equal(JsonValueKind.String, ledger.GetProperty("receivedAt").ValueKind);

        // 2/0 -> 7/1: five telemetry items and one detection were lost on the device.
        await gateway.EvaluateAsync();
        var raised = Assert.Single(await DroppedAlertsAsync(gateway));
        Assert.True(raised.IsOpen);
        Assert.Contains("dropped 5 telemetry and 1 detection", raised.Detail, StringComparison.Ordinal);
        device = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{Id}");
        Assert.Contains("dataDropped", device.GetProperty("openAlerts").EnumerateArray().Select(e => e.GetString()));

        // The next report with unchanged totals: no new loss, the alert clears.
        await PublishAsync(gateway, secret, Telemetry(4, 7, 1));
        await gateway.EvaluateAsync();
        Assert.False(Assert.Single(await DroppedAlertsAsync(gateway)).IsOpen);

        // The raw rows keep every report (NULL where a device sent none).
        var database = gateway.Services.GetRequiredService<FleetDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, dropped_telemetry, wake_ledger_uc FROM telemetry ORDER BY seq;";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, long?, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        Assert.Equal([(1L, 2L, string.Join(',', Ledger)), (2L, null, null), (3L, 7L, null), (4L, 7L, null)], rows);
    }

    [Fact]
    public async Task Config_status_shows_reject_reason_and_quiet_hours_and_put_validates_them()
    {
        using var dir = new TempDirectory();
        var (gateway, secret) = await StartAsync(dir);
        await using var owned = gateway;

        foreach (var (body, field) in new (object, string)[]
        {
            (Config(quietStartMin: 60, quietEndMin: null), "quietEndMin"),
            (Config(quietStartMin: null, quietEndMin: 60), "quietStartMin"),
            (Config(quietStartMin: 1440, quietEndMin: 0), "quietStartMin"),
            (Config(quietStartMin: 0, quietEndMin: -1), "quietEndMin"),
        })
        {
            using var bad = await gateway.Http.PutAsJsonAsync($"/api/devices/{Id}/config", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        var status = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{Id}/config");
        Assert.Equal(JsonValueKind.Null, status.GetProperty("desired").ValueKind); // nothing stored by a 400

        using var put = await gateway.Http.PutAsJsonAsync($"/api/devices/{Id}/config", Config(1380, 360));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var desired = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("desired");
        Assert.Equal(1380, desired.GetProperty("quietStartMin").GetInt32());
        Assert.Equal(360, desired.GetProperty("quietEndMin").GetInt32());

        // The device refuses it with a reason; the config it keeps running has other quiet hours.
        var running = new DeviceConfig(1, 300, 4, 6000, DetectorKind.Smile, "smile-v2", 7, false, 120, 240);
        await PublishAsync(gateway, secret,
            new ReportedConfig(Id, running, ConfigApplyResult.RejectedInvalid, "quiet window overlaps capture slot"));
        status = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{Id}/config");
        var reported = status.GetProperty("reported");
        Assert.Equal("rejectedInvalid", reported.GetProperty("applyResult").GetString());
        Assert.Equal("quiet window overlaps capture slot", reported.GetProperty("rejectReason").GetString());
        Assert.Equal(120, reported.GetProperty("config").GetProperty("quietStartMin").GetInt32());
        Assert.Equal(240, reported.GetProperty("config").GetProperty("quietEndMin").GetInt32());
        Assert.Equal(1380, status.GetProperty("desired").GetProperty("quietStartMin").GetInt32());
        Assert.False(status.GetProperty("inSync").GetBoolean());

        // Applied with the desired quiet hours: in sync, and the reason is gone.
        var applied = running with { QuietStartMin = 1380, QuietEndMin = 360 };
        await PublishAsync(gateway, secret, new ReportedConfig(Id, applied, ConfigApplyResult.Applied));
        status = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{Id}/config");
        Assert.True(status.GetProperty("inSync").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("reported").GetProperty("rejectReason").ValueKind);

        // Clearing the quiet hours (neither field) is valid too.
        using var cleared = await gateway.Http.PutAsJsonAsync($"/api/devices/{Id}/config", Config(null, null));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null,
            (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("desired").GetProperty("quietStartMin").ValueKind);
    }

    private static object Config(int? quietStartMin, int? quietEndMin) => new
    {
        wakeInterval = "00:05:00",
        telemetryEvery = 4,
        scoreThresholdPmy = 6000,
        detector = "smile",
        modelId = "smile-v2",
        modelVersion = 7,
        reportEmpty = false,
        quietStartMin,
        quietEndMin,
    };
}
