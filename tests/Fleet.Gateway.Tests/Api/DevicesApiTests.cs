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
