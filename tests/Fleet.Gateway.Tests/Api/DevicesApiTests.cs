// SPDX-License-Identifier: MIT
using System.Net;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Postgres;

namespace Fleet.Gateway.Tests.Api;

public sealed class DevicesApiTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task GetDevice_AfterTelemetryDetectionAndSleep_ReturnsEveryField(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var gateway = await TestGateway.StartAsync(store);
        var secrets = await gateway.ProvisionAsync("cam-1");
        await using (var device = await gateway.ConnectDeviceAsync("cam-1", secrets["cam-1"]))
        {
            await device.PublishAsync(Topics.For("cam-1", MessageType.Telemetry),
                Payloads.Encode(Payloads.Telemetry("cam-1", 1, batteryMv: 3712, socPm: 815, temperatureCc: -250,
                    firmware: "2.0.1")));
            await device.PublishAsync(Topics.For("cam-1", MessageType.Detection),
                Payloads.Encode(Payloads.Detection("cam-1", 1,
                    new DetectionBox(1, 2, 3, 4, 4000, "low"), new DetectionBox(5, 6, 7, 8, 9100, "person"))));
            await device.PublishAsync(Topics.For("cam-1", MessageType.Status),
                Payloads.Encode(Payloads.Status("cam-1", 1, DeviceState.Sleeping, nextWakeS: 600)));
        }

        await Eventually.UntilAsync(async () => (await gateway.GetStatsAsync()).Accepted == 3, "3 messages stored");
        using var doc = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/devices/cam-1"));
        var d = doc.RootElement;

        Assert.Equal("cam-1", d.GetProperty("id").GetString());
        Assert.Equal("sleeping", d.GetProperty("state").GetString());
        Assert.Equal(3712, d.GetProperty("batteryMv").GetInt32());
        Assert.Equal(81.5, d.GetProperty("stateOfChargePercent").GetDouble());
        Assert.Equal(-2.5, d.GetProperty("temperatureC").GetDouble());
        Assert.Equal("1.2.3", d.GetProperty("firmwareVersion").GetString()); // the status came last
        Assert.EndsWith("Z", d.GetProperty("lastSeen").GetString());
        var lastSeen = d.GetProperty("lastSeen").GetDateTime();
        var nextWake = d.GetProperty("nextWakeAt").GetDateTime();
        Assert.InRange((nextWake - lastSeen).TotalSeconds, 599, 601);
        var detection = d.GetProperty("lastDetection");
        Assert.Equal("face", detection.GetProperty("detector").GetString());
        Assert.Equal(2, detection.GetProperty("boxes").GetInt32());
        Assert.Equal("person", detection.GetProperty("topLabel").GetString());
        Assert.Equal(0.91, detection.GetProperty("topScore").GetDouble(), 6);
        Assert.EndsWith("Z", detection.GetProperty("time").GetString());
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task GetDevices_ProvisionedButSilent_ListsUnknownStateWithNulls(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var gateway = await TestGateway.StartAsync(store);
        await gateway.ProvisionAsync("b-dev", "a-dev");

        using var doc = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/devices"));
        var devices = doc.RootElement.EnumerateArray().ToArray();

        Assert.Equal(["a-dev", "b-dev"], devices.Select(x => x.GetProperty("id").GetString()));
        Assert.All(devices, x =>
        {
            Assert.Equal("unknown", x.GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Null, x.GetProperty("lastSeen").ValueKind);
            Assert.Equal(JsonValueKind.Null, x.GetProperty("batteryMv").ValueKind);
            Assert.Equal(JsonValueKind.Null, x.GetProperty("lastDetection").ValueKind);
        });
    }

    [Fact]
    public async Task GetDevice_UnknownId_Returns404()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path);

        var response = await gateway.Http.GetAsync("/api/devices/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Stream_PublishAfterConnect_DeliversUpdatedDeviceList(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        await using var gateway = await TestGateway.StartAsync(store);
        var secrets = await gateway.ProvisionAsync("cam-1");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await gateway.Http.GetAsync("/api/devices/stream",
            HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var first = await ReadEventAsync(reader, timeout.Token);
        Assert.Equal("devices", first.Name);
        Assert.Contains("\"unknown\"", first.Data);

        await using (var device = await gateway.ConnectDeviceAsync("cam-1", secrets["cam-1"]))
        {
            await device.PublishAsync(Topics.For("cam-1", MessageType.Telemetry),
                Payloads.Encode(Payloads.Telemetry("cam-1", 1, batteryMv: 3777)));
        }

        while (true)
        {
            var next = await ReadEventAsync(reader, timeout.Token);
            if (next.Data.Contains("\"batteryMv\":3777", StringComparison.Ordinal))
            {
                Assert.Equal("devices", next.Name);
                break;
            }
        }
    }

    [Fact]
    public async Task Health_Always_Returns200()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path);

        var response = await gateway.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<(string Name, string Data)> ReadEventAsync(StreamReader reader, CancellationToken ct)
    {
        string name = "", data = "";
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (name, data);
                }

                continue;
            }

            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data += line["data:".Length..].Trim();
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }
}
