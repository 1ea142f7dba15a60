// SPDX-License-Identifier: MIT
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Alerts;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Gateway.Tests.Alerts;

/// <summary>
/// Each alert kind raised once and cleared once, end to end: real MQTT ingest into SQLite, a fake clock for the
/// receive times and the liveness deadline, and the evaluator run on demand.
/// </summary>
public sealed class AlertEvaluatorTests
{
    private const string Id = "dev-1";

    private static async Task<(FakeClockGateway Gateway, string Secret)> StartAsync(TempDirectory dir)
    {
        var gateway = await FakeClockGateway.StartAsync(dir.Path);
        var secret = await gateway.Services.GetRequiredService<DeviceRegistry>().ProvisionAsync(Id, CancellationToken.None);
        return (gateway, secret);
    }

    private static async Task<List<AlertRecord>> AlertsAsync(FakeClockGateway gateway, AlertKind kind) =>
        (await gateway.Services.GetRequiredService<AlertStore>().QueryAsync(null, Id, 100, CancellationToken.None))
        .Where(a => a.Kind == kind).ToList();

    private static Task PublishAsync(FakeClockGateway gateway, string secret, FleetMessage message) =>
        gateway.PublishAndWaitAsync(Id, secret, Topics.For(Id, message.Type), FleetCodec.Encode(message));

    [Fact]
    public async Task Offline_MissedWakesThenBirth_RaisedOnceAndCleared()
    {
        using var dir = new TempDirectory();
        var (gateway, secret) = await StartAsync(dir);
        await using var _ = gateway;
        await PublishAsync(gateway, secret, Payloads.Status(Id, 1, DeviceState.Sleeping, nextWakeS: 600));

        gateway.Time.Advance(TimeSpan.FromMinutes(15)); // first wake missed: late, not lost
        await gateway.EvaluateAsync();
        Assert.Empty(await AlertsAsync(gateway, AlertKind.Offline));
        Assert.Equal("sleeping", (await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{Id}"))
            .GetProperty("state").GetString());

        gateway.Time.Advance(TimeSpan.FromMinutes(10)); // 25 min > 2 × 10 min + 1 min grace
        await gateway.EvaluateAsync();
        await gateway.EvaluateAsync();
        var raised = Assert.Single(await AlertsAsync(gateway, AlertKind.Offline));
        Assert.True(raised.IsOpen);
        Assert.Equal(AlertSeverity.Critical, raised.Severity);
        var device = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{Id}");
        Assert.Equal("offline", device.GetProperty("state").GetString());
        Assert.Equal(["offline"], device.GetProperty("openAlerts").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(1, gateway.Services.GetRequiredService<FleetGauges>().OpenAlerts(AlertKind.Offline));
        Assert.Equal(1, gateway.Services.GetRequiredService<FleetGauges>().Devices(DeviceLivenessState.Offline));

        gateway.Time.Advance(TimeSpan.FromMinutes(1));
        await PublishAsync(gateway, secret, Payloads.Status(Id, 2, DeviceState.Online));
        await gateway.EvaluateAsync();

        var cleared = Assert.Single(await AlertsAsync(gateway, AlertKind.Offline));
        Assert.Equal(gateway.Time.GetUtcNow(), cleared.ClearedAt);
        Assert.Equal(raised.RaisedAt, cleared.RaisedAt);
        var open = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/alerts?open=true");
        Assert.Equal(0, open.GetArrayLength());
        var all = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/alerts");
        var alert = Assert.Single(all.EnumerateArray());
        Assert.Equal("offline", alert.GetProperty("kind").GetString());
        Assert.False(alert.GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task LowBattery_BelowThresholdThenRecharged_RaisedOnceAndCleared()
    {
        using var dir = new TempDirectory();
        var (gateway, secret) = await StartAsync(dir);
        await using var _ = gateway;

        await PublishAsync(gateway, secret, Payloads.Telemetry(Id, 1, socPm: 150));
        await gateway.EvaluateAsync();
        await PublishAsync(gateway, secret, Payloads.Telemetry(Id, 2, socPm: 140));
        await gateway.EvaluateAsync();
        Assert.True(Assert.Single(await AlertsAsync(gateway, AlertKind.LowBattery)).IsOpen);

        await PublishAsync(gateway, secret, Payloads.Telemetry(Id, 3, socPm: 900));
        await gateway.EvaluateAsync();

        Assert.False(Assert.Single(await AlertsAsync(gateway, AlertKind.LowBattery)).IsOpen);
    }

    [Fact]
    public async Task BatteryEmptySoon_SteepDrainThenSwap_RaisedOnceAndCleared()
    {
        using var dir = new TempDirectory();
        var (gateway, secret) = await StartAsync(dir);
        await using var _ = gateway;

        // 2 % per hour from 60 %: empty in about a day.
        for (uint i = 0; i < 4; i++)
        {
            await PublishAsync(gateway, secret, Payloads.Telemetry(Id, i + 1, socPm: (ushort)(600 - 20 * i)));
            gateway.Time.Advance(TimeSpan.FromHours(1));
        }

        await gateway.EvaluateAsync();
        var raised = Assert.Single(await AlertsAsync(gateway, AlertKind.BatteryEmptySoon));
        Assert.True(raised.IsOpen);
        var device = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{Id}");
        Assert.Equal(48.0, device.GetProperty("drainPercentPerDay").GetDouble(), 1);
        Assert.Equal(JsonValueKind.String, device.GetProperty("projectedEmptyAt").ValueKind);

        // A fresh battery: the fit restarts and has too few samples, so nothing is projected.
        await PublishAsync(gateway, secret, Payloads.Telemetry(Id, 5, socPm: 1000));
        await gateway.EvaluateAsync();

        Assert.False(Assert.Single(await AlertsAsync(gateway, AlertKind.BatteryEmptySoon)).IsOpen);
        Assert.Empty(await AlertsAsync(gateway, AlertKind.LowBattery));
    }

    [Fact]
    public async Task UpdateFailed_FailedResultThenActivated_RaisedOnceAndCleared()
    {
        using var dir = new TempDirectory();
        var (gateway, secret) = await StartAsync(dir);
        await using var _ = gateway;

        await PublishAsync(gateway, secret, new OtaResult(Id, 41, OtaResultCode.HashMismatch, 3));
        await gateway.EvaluateAsync();
        await gateway.EvaluateAsync();
        var raised = Assert.Single(await AlertsAsync(gateway, AlertKind.UpdateFailed));
        Assert.True(raised.IsOpen);
        Assert.Contains("HashMismatch", raised.Detail);

        await PublishAsync(gateway, secret, new OtaResult(Id, 42, OtaResultCode.Activated, 4));
        await gateway.EvaluateAsync();

        Assert.False(Assert.Single(await AlertsAsync(gateway, AlertKind.UpdateFailed)).IsOpen);
    }
}
