// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Alerts;
using Fleet.Gateway.Ingest;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Alerts;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;

namespace Fleet.Gateway.Tests.Api;

/// <summary>
/// <c>DELETE /api/devices/{id}</c> end to end on the embedded broker and SQLite: the API contract, what the device
/// lists show, the return to service by rotation, and what retiring does to ingest, alerts and retained downlinks.
/// The broker side in both broker modes is in <see cref="Mqtt.BrokerContractTests"/>.
/// </summary>
public sealed class DeviceRetirementApiTests
{
    private static readonly DateTime Start = new(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> CreateAsync(FakeClockGateway gateway, string id) =>
        (await JsonAsync(await gateway.Http.PostAsJsonAsync("/api/devices", new { id }), HttpStatusCode.Created))
        .GetProperty("secret").GetString()!;

    private static async Task<List<string>> ListedIdsAsync(FakeClockGateway gateway, string query = "") =>
        (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices" + query)).EnumerateArray()
        .Select(d => d.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task Retire_UnknownThenKnownTwice_404Then204Idempotent_ListsAndDetailFollow()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        await CreateAsync(gateway, "cam-1");
        await CreateAsync(gateway, "cam-2");

        var missing = await JsonAsync(await gateway.Http.DeleteAsync("/api/devices/nope"), HttpStatusCode.NotFound);
        Assert.Equal("Unknown device", missing.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.DeleteAsync("/api/devices/not%20an%20id")).StatusCode);

        await JsonAsync(await gateway.Http.DeleteAsync("/api/devices/cam-1"), HttpStatusCode.NoContent);
        gateway.Time.Advance(TimeSpan.FromHours(1));
        // Again, later: still 204, and the first retirement time stays.
        await JsonAsync(await gateway.Http.DeleteAsync("/api/devices/cam-1"), HttpStatusCode.NoContent);

        Assert.Equal(["cam-2"], await ListedIdsAsync(gateway));
        Assert.Equal(["cam-2"], await ListedIdsAsync(gateway, "?includeRetired=false"));
        var all = (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices?includeRetired=true"))
            .EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!);
        Assert.Equal(["cam-1", "cam-2"], all.Keys.Order());
        Assert.Equal(Start, all["cam-1"].GetProperty("retiredAt").GetDateTime());
        Assert.Equal(JsonValueKind.Null, all["cam-2"].GetProperty("retiredAt").ValueKind);

        var detail = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices/cam-1");
        Assert.Equal(Start, detail.GetProperty("retiredAt").GetDateTime());
        Assert.Equal(DateTimeKind.Utc, detail.GetProperty("retiredAt").GetDateTime().Kind);
        Assert.Equal("retired", detail.GetProperty("state").GetString());
        var active = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices/cam-2");
        Assert.Equal(JsonValueKind.Null, active.GetProperty("retiredAt").ValueKind);

        // Creating the id again is still refused, and the answer says how to bring it back.
        var conflict = await JsonAsync(await gateway.Http.PostAsJsonAsync("/api/devices", new { id = "cam-1" }),
            HttpStatusCode.Conflict);
        var why = conflict.GetProperty("detail").GetString()!;
        Assert.Contains("retired", why, StringComparison.Ordinal);
        Assert.Contains("/api/devices/cam-1/credentials", why, StringComparison.Ordinal);
        var activeConflict = await JsonAsync(await gateway.Http.PostAsJsonAsync("/api/devices", new { id = "cam-2" }),
            HttpStatusCode.Conflict);
        Assert.DoesNotContain("retired", activeConflict.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_RetiredDevice_ReturnsItToServiceWithANewSecretOnly()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        var old = await CreateAsync(gateway, "cam-1");
        await JsonAsync(await gateway.Http.DeleteAsync("/api/devices/cam-1"), HttpStatusCode.NoContent);
        Assert.NotEqual(MqttClientConnectResultCode.Success,
            await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-1", "cam-1", old));

        var rotated = await JsonAsync(await gateway.Http.PostAsync("/api/devices/cam-1/credentials", null),
            HttpStatusCode.OK);
        var fresh = rotated.GetProperty("secret").GetString()!;

        Assert.Equal(["cam-1"], await ListedIdsAsync(gateway));
        var detail = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices/cam-1");
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("retiredAt").ValueKind);
        Assert.NotEqual("retired", detail.GetProperty("state").GetString());
        Assert.NotEqual(MqttClientConnectResultCode.Success,
            await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-1", "cam-1", old));
        await gateway.PublishAndWaitAsync("cam-1", fresh, Topics.For("cam-1", MessageType.Telemetry),
            Payloads.Encode(Payloads.Telemetry("cam-1", 1)));
    }

    /// <summary>
    /// An uplink that reaches ingest after the retirement (published before it, still in flight) is refused and
    /// counted as <c>unknown_device</c>. The gateway's own client stands in for the in-flight message: the broker
    /// no longer lets the retired device publish at all.
    /// </summary>
    [Fact]
    public async Task Uplink_ArrivingAfterRetirement_NotStoredAndCountedAsUnknownDevice()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        var secret = await CreateAsync(gateway, "cam-1");
        await gateway.PublishAndWaitAsync("cam-1", secret, Topics.For("cam-1", MessageType.Telemetry),
            Payloads.Encode(Payloads.Telemetry("cam-1", 1)));
        var stats = gateway.Services.GetRequiredService<IngestStats>();
        var before = stats.Snapshot();

        await JsonAsync(await gateway.Http.DeleteAsync("/api/devices/cam-1"), HttpStatusCode.NoContent);
        await gateway.Services.GetRequiredService<DownlinkPublisher>().PublishAsync(
            Topics.For("cam-1", MessageType.Telemetry), Payloads.Encode(Payloads.Telemetry("cam-1", 2)),
            retain: false, CancellationToken.None);

        await Eventually.UntilAsync(() => stats.Snapshot().Rejected["unknown_device"]
            == before.Rejected["unknown_device"] + 1, "the late uplink refused as unknown_device");
        Assert.Equal(before.Accepted, stats.Snapshot().Accepted);
        Assert.Equal(1, await ScalarAsync(gateway, "SELECT COUNT(*) FROM telemetry WHERE device_id = 'cam-1';"));
    }

    [Fact]
    public async Task Retire_DeviceWithOpenAlerts_ClearsThemAndRaisesNoNewOnes()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        var secret = await CreateAsync(gateway, "cam-1");
        var other = await CreateAsync(gateway, "cam-2");
        await gateway.PublishAndWaitAsync("cam-1", secret, Topics.For("cam-1", MessageType.Telemetry),
            Payloads.Encode(Payloads.Telemetry("cam-1", 1, socPm: 120)));
        await gateway.PublishAndWaitAsync("cam-1", secret, Topics.For("cam-1", MessageType.Status),
            Payloads.Encode(Payloads.Status("cam-1", 1, DeviceState.Sleeping, nextWakeS: 600)));
        await gateway.PublishAndWaitAsync("cam-2", other, Topics.For("cam-2", MessageType.Status),
            Payloads.Encode(Payloads.Status("cam-2", 1, DeviceState.Sleeping, nextWakeS: 600)));
        gateway.Time.Advance(TimeSpan.FromHours(1)); // both missed their wakes
        await gateway.EvaluateAsync();
        var alerts = gateway.Services.GetRequiredService<AlertStore>();
        Assert.Equal([AlertKind.LowBattery, AlertKind.Offline],
            (await alerts.QueryAsync(true, "cam-1", 100, CancellationToken.None)).Select(a => a.Kind).Order());

        await JsonAsync(await gateway.Http.DeleteAsync("/api/devices/cam-1"), HttpStatusCode.NoContent);

        Assert.Empty(await alerts.QueryAsync(true, "cam-1", 100, CancellationToken.None));
        var cleared = await alerts.QueryAsync(false, "cam-1", 100, CancellationToken.None);
        Assert.Equal(2, cleared.Count);
        Assert.All(cleared, a => Assert.Equal(gateway.Time.GetUtcNow(), a.ClearedAt));

        gateway.Time.Advance(TimeSpan.FromHours(1));
        await gateway.EvaluateAsync();
        Assert.Empty(await alerts.QueryAsync(true, "cam-1", 100, CancellationToken.None));
        Assert.Equal(2, (await alerts.QueryAsync(null, "cam-1", 100, CancellationToken.None)).Count);
        // The device in service still counts as offline; the retired one is in no state count.
        Assert.Single(await alerts.QueryAsync(true, "cam-2", 100, CancellationToken.None));
        var gauges = gateway.Services.GetRequiredService<FleetGauges>();
        Assert.Equal(1, gauges.Devices(Fleet.Gateway.Devices.DeviceLivenessState.Offline));
        Assert.Equal(0, gauges.OpenAlerts(AlertKind.LowBattery));
        var detail = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices/cam-1");
        Assert.Equal("retired", detail.GetProperty("state").GetString());
        Assert.Equal(0, detail.GetProperty("missedWakes").GetInt32());
        Assert.Equal(0, detail.GetProperty("openAlerts").GetArrayLength());
        // History stays.
        Assert.Equal(1, await ScalarAsync(gateway, "SELECT COUNT(*) FROM telemetry WHERE device_id = 'cam-1';"));
    }

    [Fact]
    public async Task Retire_DeviceWithRetainedConfig_ClearsItsRetainedDownlinks()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        await CreateAsync(gateway, "cam-1");
        await CreateAsync(gateway, "cam-2");
        foreach (var id in new[] { "cam-1", "cam-2" })
        {
            await JsonAsync(await gateway.Http.PutAsJsonAsync($"/api/devices/{id}/config", new
            {
                wakeInterval = "00:05:00", telemetryEvery = 4, scoreThresholdPmy = 6000, detector = "smile",
                modelId = "smile-v2", modelVersion = 7, reportEmpty = false,
            }), HttpStatusCode.OK);
        }

        const string retained = "SELECT COUNT(*) FROM retained_messages WHERE topic LIKE 'fleet/v1/{0}/down/%';";
        await Eventually.UntilAsync(async () => await ScalarAsync(gateway, string.Format(
            System.Globalization.CultureInfo.InvariantCulture, retained, "cam-1")) == 1, "cam-1's config retained");

        await JsonAsync(await gateway.Http.DeleteAsync("/api/devices/cam-1"), HttpStatusCode.NoContent);

        await Eventually.UntilAsync(async () => await ScalarAsync(gateway, string.Format(
            System.Globalization.CultureInfo.InvariantCulture, retained, "cam-1")) == 0, "cam-1's retained downlinks cleared");
        Assert.Equal(1, await ScalarAsync(gateway, string.Format(
            System.Globalization.CultureInfo.InvariantCulture, retained, "cam-2")));
        // What the operator asked for stays on record (history), it is only no longer offered.
        Assert.Equal(1, await ScalarAsync(gateway, "SELECT COUNT(*) FROM desired_configs WHERE device_id = 'cam-1';"));

        // A new config for the retired device would sit retained for nobody: refused, nothing published or stored.
        var refused = await gateway.Http.PutAsJsonAsync("/api/devices/cam-1/config", new
        {
            wakeInterval = "00:10:00", telemetryEvery = 4, scoreThresholdPmy = 6000, detector = "smile",
            modelId = "smile-v2", modelVersion = 7, reportEmpty = false,
        });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("retired", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(300, await ScalarAsync(gateway, "SELECT wake_interval_s FROM desired_configs WHERE device_id = 'cam-1';"));
        Assert.Equal(0, await ScalarAsync(gateway, string.Format(
            System.Globalization.CultureInfo.InvariantCulture, retained, "cam-1")));
    }

    [Fact]
    public async Task OpenApiDocument_ListsRetireAndIncludeRetired()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);

        var paths = (await gateway.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        Assert.True(paths.GetProperty("/api/devices/{id}").TryGetProperty("delete", out var delete));
        Assert.True(delete.GetProperty("responses").TryGetProperty("204", out _));
        Assert.True(delete.GetProperty("responses").TryGetProperty("404", out _));
        var parameters = paths.GetProperty("/api/devices").GetProperty("get").GetProperty("parameters");
        Assert.Contains(parameters.EnumerateArray(), p => p.GetProperty("name").GetString() == "includeRetired"
            && p.GetProperty("in").GetString() == "query");
    }

    private static async Task<long> ScalarAsync(FakeClockGateway gateway, string sql)
    {
        var database = gateway.Services.GetRequiredService<FleetDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
