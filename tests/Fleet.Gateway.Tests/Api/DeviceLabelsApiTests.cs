// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fleet.Gateway.Tests.Alerts;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Postgres;

namespace Fleet.Gateway.Tests.Api;

/// <summary>
/// <c>PUT /api/devices/{id}/labels</c> and the labels in the device answers and the <c>?label=</c> filter, on both
/// stores (docs/gateway-api.md, "Labels").
/// </summary>
public sealed class DeviceLabelsApiTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> PutAsync(FakeClockGateway gateway, string id, params string[] labels) =>
        gateway.Http.PutAsJsonAsync($"/api/devices/{id}/labels", new { labels });

    private static Task<HttpResponseMessage> PutRawAsync(FakeClockGateway gateway, string id, string body) =>
        gateway.Http.PutAsync($"/api/devices/{id}/labels", new StringContent(body, Encoding.UTF8, "application/json"));

    private static List<string> Labels(JsonElement element) =>
        element.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();

    private static async Task CreateAsync(FakeClockGateway gateway, params string[] ids)
    {
        foreach (var id in ids)
        {
            await JsonAsync(await gateway.Http.PostAsJsonAsync("/api/devices", new { id }), HttpStatusCode.Created);
        }
    }

    private static async Task<Dictionary<string, List<string>>> ListAsync(FakeClockGateway gateway, string query) =>
        (await JsonAsync(await gateway.Http.GetAsync("/api/devices" + query), HttpStatusCode.OK)).EnumerateArray()
        .ToDictionary(d => d.GetProperty("id").GetString()!, Labels);

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Put_ReplacesTheSetSortedWithoutDuplicates_AndEveryDeviceAnswerCarriesIt(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var gateway = await FakeClockGateway.StartAsync(store.DataDirectory, store.Args);
        await CreateAsync(gateway, "cam-1", "cam-2");

        var put = await JsonAsync(await PutAsync(gateway, "cam-1", "site:north", "board:h7-rev2", "site:north", "0.a_b-c"),
            HttpStatusCode.OK);
        Assert.Equal(["0.a_b-c", "board:h7-rev2", "site:north"], Labels(put));
        Assert.Equal(["0.a_b-c", "board:h7-rev2", "site:north"],
            Labels(await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices/cam-1")));
        // A device without labels has an empty array, never null.
        Assert.Empty(Labels(await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices/cam-2")));

        // Replaced as a whole: labels not sent are gone.
        Assert.Equal(["customer:acme", "site:north"],
            Labels(await JsonAsync(await PutAsync(gateway, "cam-1", "site:north", "customer:acme"), HttpStatusCode.OK)));
        var listed = await ListAsync(gateway, "");
        Assert.Equal(["customer:acme", "site:north"], listed["cam-1"]);
        Assert.Empty(listed["cam-2"]);

        Assert.Empty(Labels(await JsonAsync(await PutAsync(gateway, "cam-1"), HttpStatusCode.OK)));
        Assert.Empty((await ListAsync(gateway, ""))["cam-1"]);

        // 16 distinct labels is the limit; a duplicate does not count towards it. 48 characters is the longest.
        var sixteen = Enumerable.Range(0, 16).Select(i => $"l{i:00}").Append("l00").ToArray();
        Assert.Equal(16, Labels(await JsonAsync(await PutAsync(gateway, "cam-2", sixteen), HttpStatusCode.OK)).Count);
        Assert.Equal(["x" + new string('y', 47)],
            Labels(await JsonAsync(await PutAsync(gateway, "cam-2", "x" + new string('y', 47)), HttpStatusCode.OK)));
    }

    [Theory]
    [InlineData("""{"labels": ["Site:North"]}""", "Site:North")]
    [InlineData("""{"labels": ["ok", "-leading-dash"]}""", "-leading-dash")]
    [InlineData("""{"labels": [""]}""", "''")]
    [InlineData("""{"labels": ["site north"]}""", "site north")]
    [InlineData("""{"labels": ["site/north"]}""", "site/north")]
    [InlineData("""{"labels": ["a\n"]}""", "not a valid label")]
    [InlineData("""{"labels": ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]}""", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("""{"labels": ["ok", null]}""", "null")]
    [InlineData("""{"labels": ["l0","l1","l2","l3","l4","l5","l6","l7","l8","l9","l10","l11","l12","l13","l14","l15","l16"]}""", "At most 16")]
    [InlineData("not json", "array of label strings")]
    [InlineData("", "array of label strings")]
    [InlineData("{}", "array of label strings")]
    [InlineData("""{"labels": "site:north"}""", "array of label strings")]
    [InlineData("""{"labels": [1]}""", "array of label strings")]
    [InlineData("""["site:north"]""", "array of label strings")]
    public async Task Put_InvalidBody_400NamingLabels_AndKeepsTheOldSet(string body, string mentioned)
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        await CreateAsync(gateway, "cam-1");
        await JsonAsync(await PutAsync(gateway, "cam-1", "site:north"), HttpStatusCode.OK);

        var problem = await JsonAsync(await PutRawAsync(gateway, "cam-1", body), HttpStatusCode.BadRequest);

        var message = Assert.Single(problem.GetProperty("errors").GetProperty("labels").EnumerateArray()).GetString()!;
        Assert.Contains(mentioned, message, StringComparison.Ordinal);
        Assert.Equal(["site:north"], Labels(await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices/cam-1")));
    }

    [Fact]
    public async Task Put_UnknownDeviceOrNoKey_404And401_RetiredDevice409KeepingItsLabelsThroughReturnToService()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        await CreateAsync(gateway, "cam-1");
        await JsonAsync(await PutAsync(gateway, "cam-1", "site:north"), HttpStatusCode.OK);

        var unknown = await JsonAsync(await PutAsync(gateway, "nope", "site:north"), HttpStatusCode.NotFound);
        Assert.Equal("Unknown device", unknown.GetProperty("title").GetString());

        using (var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress })
        {
            var refused = await anonymous.PutAsJsonAsync("/api/devices/cam-1/labels", new { labels = new[] { "x" } });
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await JsonAsync(await gateway.Http.DeleteAsync("/api/devices/cam-1"), HttpStatusCode.NoContent);
        var conflict = await JsonAsync(await PutAsync(gateway, "cam-1", "site:south"), HttpStatusCode.Conflict);
        Assert.Equal("Device retired", conflict.GetProperty("title").GetString());
        // The retired device keeps its labels as history, shown wherever it is shown.
        Assert.Equal(["site:north"], Labels(await gateway.Http.GetFromJsonAsync<JsonElement>("/api/devices/cam-1")));
        Assert.Equal(["site:north"], (await ListAsync(gateway, "?includeRetired=true"))["cam-1"]);

        await JsonAsync(await gateway.Http.PostAsync("/api/devices/cam-1/credentials", null), HttpStatusCode.OK);
        Assert.Equal(["site:north"], (await ListAsync(gateway, ""))["cam-1"]);
        Assert.Equal(["site:south"],
            Labels(await JsonAsync(await PutAsync(gateway, "cam-1", "site:south"), HttpStatusCode.OK)));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task GetDevices_LabelFilter_ListsTheCarriersInServiceOrAlsoRetired(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var gateway = await FakeClockGateway.StartAsync(store.DataDirectory, store.Args);
        await CreateAsync(gateway, "cam-a", "cam-b", "cam-c", "cam-gone");
        await JsonAsync(await PutAsync(gateway, "cam-a", "site:north", "board:h7"), HttpStatusCode.OK);
        await JsonAsync(await PutAsync(gateway, "cam-b", "site:south"), HttpStatusCode.OK);
        await JsonAsync(await PutAsync(gateway, "cam-c", "site:north"), HttpStatusCode.OK);
        await JsonAsync(await PutAsync(gateway, "cam-gone", "site:north"), HttpStatusCode.OK);
        await JsonAsync(await gateway.Http.DeleteAsync("/api/devices/cam-gone"), HttpStatusCode.NoContent);

        Assert.Equal(["cam-a", "cam-c"], (await ListAsync(gateway, "?label=site:north")).Keys);
        Assert.Equal(["cam-a", "cam-c"], (await ListAsync(gateway, "?label=site%3Anorth&includeRetired=false")).Keys);
        Assert.Equal(["cam-a", "cam-c", "cam-gone"],
            (await ListAsync(gateway, "?label=site:north&includeRetired=true")).Keys);
        Assert.Equal(["cam-b"], (await ListAsync(gateway, "?label=site:south")).Keys);
        Assert.Empty(await ListAsync(gateway, "?label=site:east"));
        // A prefix of a label is not the label.
        Assert.Empty(await ListAsync(gateway, "?label=site"));

        var invalid = await JsonAsync(await gateway.Http.GetAsync("/api/devices?label=Site:North"),
            HttpStatusCode.BadRequest);
        Assert.Contains("Site:North", invalid.GetProperty("errors").GetProperty("label")[0].GetString()!,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_LabelsChanged_SendsTheListWithTheNewLabels()
    {
        using var dir = new TempDirectory();
        await using var gateway = await FakeClockGateway.StartAsync(dir.Path);
        await CreateAsync(gateway, "cam-1");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await gateway.Http.GetAsync("/api/devices/stream", HttpCompletionOption.ResponseHeadersRead,
            timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Contains("\"labels\":[]", await ReadDataAsync(reader, timeout.Token), StringComparison.Ordinal);

        await JsonAsync(await PutAsync(gateway, "cam-1", "site:north"), HttpStatusCode.OK);
        // The stream coalesces changes over a fake-clock delay: move the clock until the next list arrives.
        var next = ReadDataAsync(reader, timeout.Token);
        await Eventually.UntilAsync(() =>
        {
            gateway.Time.Advance(TimeSpan.FromSeconds(1));
            return next.IsCompleted;
        }, "the stream sent the next list");
        Assert.Contains("\"labels\":[\"site:north\"]", await next, StringComparison.Ordinal);
    }

    private static async Task<string> ReadDataAsync(StreamReader reader, CancellationToken ct)
    {
        var data = "";
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0 && data.Length > 0)
            {
                return data;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data += line["data:".Length..].Trim();
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }
}
