// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Tests.Alerts;
using Fleet.Gateway.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Tests.Api;

public sealed class ManagementApiTests
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> CreateAsync(FakeClockGateway gateway, string id)
    {
        var created = await JsonAsync(await gateway.Http.PostAsJsonAsync("/api/devices", new { id }),
            HttpStatusCode.Created);
        return created.GetProperty("secret").GetString()!;
    }

    [Fact]
    public async Task MutatingEndpoints_WithoutOrWithWrongKey_Return401()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        await CreateAsync(gateway, "k-1");
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        wrong.DefaultRequestHeaders.Add("X-Fleet-Key", "not-the-key");

        foreach (var client in new[] { anonymous, wrong })
        {
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await client.PostAsJsonAsync("/api/devices", new { id = "k-2" })).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await client.PostAsync("/api/devices/k-1/credentials", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await client.PutAsJsonAsync("/api/devices/k-1/config", ValidConfig())).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.DeleteAsync("/api/devices/k-1")).StatusCode);
        }

        // Reads stay open for the portal; nothing was retired.
        using (var listed = JsonDocument.Parse(await anonymous.GetStringAsync("/api/devices")))
        {
            Assert.Equal(["k-1"], listed.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/devices/k-2")).StatusCode);
    }

    [Fact]
    public async Task Detections_PagedWithCursor_CoversEveryRowOnceNewestFirst()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        var secret = await CreateAsync(gateway, "cam-1");
        for (uint seq = 1; seq <= 5; seq++)
        {
            var detection = Payloads.Detection("cam-1", seq, new DetectionBox(1, 2, 3, 4, 9000, "person")) with
            {
                Detector = seq % 2 == 0 ? DetectorKind.Smile : DetectorKind.Face,
            };
            await gateway.PublishAndWaitAsync("cam-1", secret, Topics.For("cam-1", MessageType.Detection),
                Payloads.Encode(detection));
            gateway.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var seqs = new List<uint>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await gateway.Http.GetFromJsonAsync<JsonElement>(
                "/api/devices/cam-1/detections?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 2);
            seqs.AddRange(items.Select(i => i.GetProperty("seq").GetUInt32()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal([5u, 4u, 3u, 2u, 1u], seqs);

        var smiles = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices/cam-1/detections?kind=smile");
        Assert.Equal([4u, 2u], smiles.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seq").GetUInt32()));
        var first = smiles.GetProperty("items")[0];
        Assert.Equal("person", first.GetProperty("boxes")[0].GetProperty("label").GetString());
        Assert.Equal(0.9, first.GetProperty("boxes")[0].GetProperty("score").GetDouble(), 6);

        // from/to on receive time: seq 2 and 3 arrived at +1 and +2 minutes.
        var ranged = await gateway.Http.GetFromJsonAsync<JsonElement>(
            "/api/devices/cam-1/detections?from=2030-01-01T00:01:00Z&to=2030-01-01T00:03:00Z");
        Assert.Equal([3u, 2u], ranged.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seq").GetUInt32()));

        var bad = await JsonAsync(await gateway.Http.GetAsync("/api/devices/cam-1/detections?cursor=%%%"),
            HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("cursor", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync("/api/devices/nope/detections")).StatusCode);
    }

    [Fact]
    public async Task Telemetry_Bucketed_AggregatesPerBucketInSql()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        var secret = await CreateAsync(gateway, "t-1");
        // Receive times 00:00, 00:20, 00:40 (first hour) and 01:10 (second hour).
        (int Minutes, ushort Mv, ushort Soc)[] samples = [(0, 3900, 800), (20, 3880, 790), (20, 3860, 780), (30, 3800, 700)];
        uint seq = 0;
        foreach (var (minutes, mv, soc) in samples)
        {
            gateway.Time.Advance(TimeSpan.FromMinutes(minutes));
            await gateway.PublishAndWaitAsync("t-1", secret, Topics.For("t-1", MessageType.Telemetry),
                Payloads.Encode(Payloads.Telemetry("t-1", ++seq, batteryMv: mv, socPm: soc)));
        }

        var series = await JsonAsync(await gateway.Http.GetAsync(
            "/api/devices/t-1/telemetry?from=2030-01-01T00:00:00Z&to=2030-01-01T03:00:00Z&bucket=1h"), HttpStatusCode.OK);

        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal("01:00:00", series.GetProperty("bucket").GetString());
        Assert.Equal(2, points.Count);
        Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), points[0].GetProperty("start").GetDateTime());
        Assert.Equal(3, points[0].GetProperty("samples").GetInt32());
        Assert.Equal(3880, points[0].GetProperty("batteryMvAvg").GetDouble());
        Assert.Equal(3860, points[0].GetProperty("batteryMvMin").GetInt32());
        Assert.Equal(79.0, points[0].GetProperty("stateOfChargePercentAvg").GetDouble());
        Assert.Equal(1, points[1].GetProperty("samples").GetInt32());
        Assert.Equal(70.0, points[1].GetProperty("stateOfChargePercentMin").GetDouble());

        var narrow = await JsonAsync(await gateway.Http.GetAsync(
            "/api/devices/t-1/telemetry?from=2030-01-01T00:00:00Z&to=2030-01-01T03:00:00Z&bucket=PT30M"), HttpStatusCode.OK);
        Assert.Equal(3, narrow.GetProperty("points").GetArrayLength());
        var bad = await JsonAsync(await gateway.Http.GetAsync("/api/devices/t-1/telemetry?bucket=soon"),
            HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("bucket", out _));
    }

    [Fact]
    public async Task Config_ValidatedPublishedRetainedAndInSyncAfterReport()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        var secret = await CreateAsync(gateway, "cfg-1");

        var invalid = await JsonAsync(await gateway.Http.PutAsJsonAsync("/api/devices/cfg-1/config",
            new { telemetryEvery = 0, scoreThresholdPmy = 10_001, detector = "eyes", modelId = "a/b", modelVersion = 1, reportEmpty = true }),
            HttpStatusCode.BadRequest);
        var errors = invalid.GetProperty("errors");
        foreach (var field in new[] { "wakeInterval", "telemetryEvery", "scoreThresholdPmy", "detector", "modelId" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        Assert.False(errors.TryGetProperty("modelVersion", out _));
        Assert.Equal(HttpStatusCode.NotFound,
            (await gateway.Http.PutAsJsonAsync("/api/devices/nope/config", ValidConfig())).StatusCode);

        var put = await JsonAsync(await gateway.Http.PutAsJsonAsync("/api/devices/cfg-1/config", ValidConfig()),
            HttpStatusCode.OK);
        Assert.Equal(1u, put.GetProperty("desired").GetProperty("configVersion").GetUInt32());
        Assert.False(put.GetProperty("inSync").GetBoolean());

        // The device subscribes after the publish and still gets it: it was retained.
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var device = await TestDevice.ConnectAsync(gateway.MqttPort, "cfg-1", secret);
        device.Client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        await device.Client.SubscribeAsync(Topics.For("cfg-1", MessageType.DesiredConfig), MqttQualityOfServiceLevel.AtLeastOnce);
        var decoded = FleetCodec.Decode(await received.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        var desired = Assert.IsType<DesiredConfig>(decoded.Message).Config;
        Assert.Equal(new DeviceConfig(1, 300, 4, 6000, DetectorKind.Smile, "smile-v2", 7, false), desired);

        var stats = gateway.Services.GetService(typeof(Fleet.Gateway.Ingest.IngestStats)) as Fleet.Gateway.Ingest.IngestStats;
        var before = stats!.Snapshot().Accepted;
        await device.PublishAsync(Topics.For("cfg-1", MessageType.ReportedConfig),
            FleetCodec.Encode(new ReportedConfig("cfg-1", desired, ConfigApplyResult.Applied)), retain: true);
        await Eventually.UntilAsync(() => stats.Snapshot().Accepted > before, "reported config stored");

        var status = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices/cfg-1/config");
        Assert.True(status.GetProperty("inSync").GetBoolean());
        Assert.Equal("applied", status.GetProperty("reported").GetProperty("applyResult").GetString());

        // A second change takes the next version and is out of sync until reported.
        var second = await JsonAsync(await gateway.Http.PutAsJsonAsync("/api/devices/cfg-1/config", ValidConfig()),
            HttpStatusCode.OK);
        Assert.Equal(2u, second.GetProperty("desired").GetProperty("configVersion").GetUInt32());
        Assert.False(second.GetProperty("inSync").GetBoolean());
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheManagementEndpoints()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);

        var document = await gateway.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/devices", "/api/devices/{id}", "/api/devices/{id}/credentials", "/api/devices/{id}/detections",
            "/api/devices/{id}/telemetry", "/api/devices/{id}/config", "/api/devices/{id}/labels", "/api/alerts",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        Assert.True(paths.GetProperty("/api/devices").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/devices/{id}/config").TryGetProperty("put", out _));
        // The labels body is read by hand (so a bad one is a 400 naming the field) but still documented.
        Assert.True(paths.GetProperty("/api/devices/{id}/labels").GetProperty("put").TryGetProperty("requestBody", out _));
    }

    private static object ValidConfig() => new
    {
        wakeInterval = "00:05:00",
        telemetryEvery = 4,
        scoreThresholdPmy = 6000,
        detector = "smile",
        modelId = "smile-v2",
        modelVersion = 7,
        reportEmpty = false,
    };
}
