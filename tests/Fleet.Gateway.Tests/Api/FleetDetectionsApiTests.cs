// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Tests.Alerts;
using Fleet.Gateway.Tests.Infrastructure;

namespace Fleet.Gateway.Tests.Api;

/// <summary><c>/api/detections</c> and <c>/api/detections/stream</c>: the portal's fleet-wide live feed.</summary>
public sealed class FleetDetectionsApiTests
{
    private static async Task<string> CreateAsync(FakeClockGateway gateway, string id)
    {
        using var response = await gateway.Http.PostAsJsonAsync("/api/devices", new { id });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
    }

    private static Task PublishAsync(FakeClockGateway gateway, string id, string secret, uint seq, DetectorKind kind) =>
        gateway.PublishAndWaitAsync(id, secret, Topics.For(id, MessageType.Detection), Payloads.Encode(
            Payloads.Detection(id, seq, new DetectionBox(10, 20, 30, 40, 8_000, "face")) with { Detector = kind }));

    [Fact]
    public async Task Latest_NewestFirstAcrossDevices_FilteredByDeviceAndKind()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        var a = await CreateAsync(gateway, "cam-a");
        var b = await CreateAsync(gateway, "cam-b");
        await PublishAsync(gateway, "cam-a", a, 1, DetectorKind.Face);
        await PublishAsync(gateway, "cam-b", b, 1, DetectorKind.ThermalPerson);
        await PublishAsync(gateway, "cam-a", a, 2, DetectorKind.Smile);

        var all = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/detections");
        Assert.Equal(["cam-a", "cam-b", "cam-a"], all.EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()));
        var ids = all.EnumerateArray().Select(d => d.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        var box = all[0].GetProperty("boxes")[0];
        Assert.Equal(10, box.GetProperty("x").GetInt32());
        Assert.Equal(0.8, box.GetProperty("score").GetDouble(), 6);

        var onlyA = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/detections?deviceId=cam-a&kind=face");
        var one = Assert.Single(onlyA.EnumerateArray());
        Assert.Equal("face", one.GetProperty("detector").GetString());
        Assert.Equal(1u, one.GetProperty("seq").GetUInt32());

        var limited = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/detections?limit=1");
        Assert.Equal(ids[0], Assert.Single(limited.EnumerateArray()).GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("/api/detections?kind=cat", "kind")]
    [InlineData("/api/detections?limit=0", "limit")]
    [InlineData("/api/detections?limit=x", "limit")]
    [InlineData("/api/detections/stream?after=-1", "after")]
    [InlineData("/api/detections/stream?kind=dog", "kind")]
    public async Task BadQuery_Is400NamingTheField(string url, string field)
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        using var response = await gateway.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Stream_HeadersAtOnce_ThenEachNewDetectionOfTheFilter_InStoreOrder()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        var a = await CreateAsync(gateway, "cam-a");
        var b = await CreateAsync(gateway, "cam-b");
        await PublishAsync(gateway, "cam-a", a, 1, DetectorKind.Face); // before the stream: not replayed

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Headers arrive although no detection is waiting: a client knows the stream is open.
        using var response = await gateway.Http.GetAsync("/api/detections/stream?deviceId=cam-a",
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(cts.Token);
        await using var events = SseParser.Create(body).EnumerateAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        await PublishAsync(gateway, "cam-b", b, 1, DetectorKind.Face); // another device: filtered out
        await PublishAsync(gateway, "cam-a", a, 2, DetectorKind.Face);
        await PublishAsync(gateway, "cam-a", a, 3, DetectorKind.Smile);

        var seen = new List<(string Type, string? Id, JsonElement Data)>();
        while (seen.Count < 2 && await events.MoveNextAsync())
        {
            seen.Add((events.Current.EventType, events.Current.EventId, JsonDocument.Parse(events.Current.Data).RootElement.Clone()));
        }

        Assert.All(seen, e => Assert.Equal("detection", e.Type));
        Assert.All(seen, e => Assert.Equal("cam-a", e.Data.GetProperty("deviceId").GetString()));
        Assert.Equal([2u, 3u], seen.Select(e => e.Data.GetProperty("seq").GetUInt32()));
        Assert.All(seen, e => Assert.Equal(e.Data.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), e.Id));
    }

    [Fact]
    public async Task Stream_AfterCursor_ReplaysWhatCameLater()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        var a = await CreateAsync(gateway, "cam-a");
        for (uint seq = 1; seq <= 3; seq++)
        {
            await PublishAsync(gateway, "cam-a", a, seq, DetectorKind.Face);
        }

        var latest = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/detections");
        var oldest = latest.EnumerateArray().Last().GetProperty("id").GetInt64();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await gateway.Http.GetAsync($"/api/detections/stream?after={oldest}",
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        await using var body = await response.Content.ReadAsStreamAsync(cts.Token);
        var seqs = new List<uint>();
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cts.Token))
        {
            seqs.Add(JsonDocument.Parse(item.Data).RootElement.GetProperty("seq").GetUInt32());
            if (seqs.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([2u, 3u], seqs);
    }
}
