// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Rollouts;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>
/// Rollouts end to end: the embedded broker, the real ingest path, and devices that fetch, verify and report over
/// MQTT. The fake clock moves only where the engine schedules (deadlines, stalls); everything else is event-driven.
/// </summary>
public sealed class RolloutScenarioTests
{
    [Fact]
    public async Task Happy_path_reaches_every_device_wave_by_wave()
    {
        await using var h = await RolloutHarness.StartAsync();
        var devices = new List<OtaTestDevice>();
        for (var i = 0; i < 4; i++)
        {
            devices.Add(await h.DeviceAsync($"cam-{i:00}"));
        }

        await h.UploadAsync(2);
        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            target = new { all = true },
            waves = new[] { new { percent = 25.0 }, new { percent = 100.0 } },
            successFraction = 1.0,
        });
        Assert.Equal(2, created.WaveCount);
        Assert.Single(created.Devices, d => d.Wave == 1);

        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "rollout completed");

        Assert.Equal(100.0, done.ProgressPercent);
        Assert.All(done.Devices, d => Assert.Equal(RolloutDeviceStatus.Activated, d.Status));
        Assert.All(devices, d => Assert.Equal(2u, d.ActiveVersion));
        Assert.All(devices, d => Assert.Equal([OtaResultCode.Activated], d.Results));
        // The wave-2 devices were offered only after the wave-1 device had activated.
        var first = done.Devices.Single(d => d.Wave == 1);
        Assert.All(done.Devices.Where(d => d.Wave == 2), d => Assert.True(d.OfferId > first.OfferId));
        await Eventually.UntilAsync(async () => await h.RetainedOffersAsync() == 0, "every retained offer cleared after its result");

        var progress = ReadGauge(h, RolloutMetrics.ProgressName, created.Id);
        Assert.Equal(100.0, progress);
    }

    [Fact]
    public async Task Offer_lost_by_the_device_is_sent_again_on_its_second_wake_without_a_request()
    {
        await using var h = await RolloutHarness.StartAsync();
        var device = await h.DeviceAsync("cam-lost");
        device.LoseOffers = 1;
        await h.UploadAsync(2);
        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            target = new { devices = new[] { "cam-lost" } },
        });
        await Eventually.UntilAsync(() => Task.FromResult(device.Offers.Count == 1), "the first offer arrived (and was lost)");

        // One wake is not yet a sign of loss: the offer may have come in at the end of the wake before.
        await device.PublishStatusAsync(60);
        await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-lost").WakeIntervalS == 60, "the first wake seen");
        await Task.Delay(200);
        Assert.Single(device.Offers);
        Assert.Equal(RolloutDeviceStatus.Offered, RolloutHarness.Device(await h.GetAsync(created.Id), "cam-lost").Status);

        await device.PublishStatusAsync(60);
        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "completed after the repeat");
        var d = RolloutHarness.Device(done, "cam-lost");
        Assert.Equal(1, d.OffersRepeated);
        Assert.Equal(2u, device.ActiveVersion);
        // The same offer, not a new one: a transfer already under way elsewhere would carry on.
        Assert.Equal(2, device.Offers.Count);
        Assert.Single(device.Offers.Select(o => o.OfferId).Distinct());
        Assert.Equal(device.Offers.First().OfferId, d.OfferId);
    }

    [Fact]
    public async Task Wave_failing_self_test_aborts_and_rolls_back()
    {
        await using var h = await RolloutHarness.StartAsync();
        var a = await h.DeviceAsync("cam-a");
        var b = await h.DeviceAsync("cam-b");
        var c = await h.DeviceAsync("cam-c", connect: false);
        c.FailSelfTest = true;
        var d = await h.DeviceAsync("cam-d");
        var e = await h.DeviceAsync("cam-e");
        await h.UploadAsync(1);
        await h.UploadAsync(2);

        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            waves = new[] { new { devices = new[] { "cam-a", "cam-b", "cam-c" } }, new { devices = new[] { "cam-d", "cam-e" } } },
            maxFailureFraction = 0.2,
            successFraction = 1.0,
        });
        Assert.Equal(1u, created.RollbackVersion);
        await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-a").Status == RolloutDeviceStatus.Activated
            && RolloutHarness.Device(r, "cam-b").Status == RolloutDeviceStatus.Activated, "a and b activated");

        await c.ConnectAsync(); // wakes, fetches, fails its self-test

        var aborted = await h.UntilAsync(created.Id, r => r.State == RolloutState.Aborted
            && RolloutHarness.Device(r, "cam-a").Status == RolloutDeviceStatus.RolledBack
            && RolloutHarness.Device(r, "cam-b").Status == RolloutDeviceStatus.RolledBack, "aborted and rolled back");

        Assert.Contains("SelfTestFailed", aborted.Reason, StringComparison.Ordinal);
        Assert.Equal(RolloutDeviceStatus.Failed, RolloutHarness.Device(aborted, "cam-c").Status);
        Assert.Equal((int)OtaResultCode.SelfTestFailed, RolloutHarness.Device(aborted, "cam-c").ResultCode);
        Assert.Equal(1u, a.ActiveVersion);
        Assert.Equal(1u, b.ActiveVersion);
        Assert.Equal(1u, c.ActiveVersion);
        Assert.Equal([2u, 1u], a.Offers.Select(o => o.ModelVersion));
        // The second wave never started.
        Assert.Empty(d.Offers);
        Assert.Empty(e.Offers);
        Assert.Equal(RolloutDeviceStatus.Cancelled, RolloutHarness.Device(aborted, "cam-d").Status);
        await Eventually.UntilAsync(async () => await h.RetainedOffersAsync() == 0, "no offer left retained");
    }

    [Fact]
    public async Task Low_battery_devices_are_deferred_then_updated_when_charged()
    {
        await using var h = await RolloutHarness.StartAsync();
        var good = await h.DeviceAsync("cam-good");
        var low = await h.DeviceAsync("cam-low");
        await good.PublishTelemetryAsync(socPm: 800);
        await low.PublishTelemetryAsync(socPm: 120);
        await Eventually.UntilAsync(async () => (await h.Gateway.Services.GetRequiredService<Fleet.Gateway.Rollouts.RolloutStore>()
            .GetDeviceFactsAsync(CancellationToken.None)).Count(f => f.SocPercent is not null) == 2, "telemetry stored");
        await h.UploadAsync(2);

        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            target = new { devices = new[] { "cam-good", "cam-low" } },
            minBatteryPercent = 30.0,
        });
        var waiting = await h.UntilAsync(created.Id,
            r => RolloutHarness.Device(r, "cam-good").Status == RolloutDeviceStatus.Activated, "charged device updated");

        Assert.Equal(RolloutDeviceStatus.Deferred, RolloutHarness.Device(waiting, "cam-low").Status);
        Assert.Contains("below 30", RolloutHarness.Device(waiting, "cam-low").Note, StringComparison.Ordinal);
        Assert.Equal(RolloutState.Running, waiting.State);
        Assert.Empty(low.Offers);

        await low.PublishTelemetryAsync(socPm: 650); // charged

        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "deferred device updated once charged");
        Assert.Equal(RolloutDeviceStatus.Activated, RolloutHarness.Device(done, "cam-low").Status);
        Assert.Equal(2u, low.ActiveVersion);
    }

    [Fact]
    public async Task Device_asleep_during_its_wave_is_not_late_and_updates_on_its_next_wake()
    {
        await using var h = await RolloutHarness.StartAsync();
        var awake = await h.DeviceAsync("cam-awake");
        var sleeper = await h.DeviceAsync("cam-sleep");
        await sleeper.SleepAsync(nextWakeS: 3600); // sleeps an hour
        await Eventually.UntilAsync(async () => (await h.Gateway.Services.GetRequiredService<Fleet.Gateway.Rollouts.RolloutStore>()
            .GetDeviceFactsAsync(CancellationToken.None)).Any(f => f.Id == "cam-sleep" && f.WakeIntervalS == 3600), "sleep stored");
        await h.UploadAsync(2);

        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            target = new { all = true },
            waveTimeout = "00:05:00",
            successFraction = 1.0,
        });
        await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-awake").Status == RolloutDeviceStatus.Activated,
            "awake device updated");

        // Far past the 5-minute wave timeout, well inside three of its wake intervals.
        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        var midway = await h.GetAsync(created.Id);
        Assert.Equal(RolloutState.Running, midway.State);
        Assert.Equal(RolloutDeviceStatus.Offered, RolloutHarness.Device(midway, "cam-sleep").Status);
        Assert.Empty(sleeper.Offers);

        await sleeper.ConnectAsync(); // its next wake: the retained offer is waiting

        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "sleeper updated on waking");
        Assert.Equal(2u, sleeper.ActiveVersion);
        Assert.Equal(RolloutDeviceStatus.Activated, RolloutHarness.Device(done, "cam-sleep").Status);
    }

    [Fact]
    public async Task Wave_whose_device_never_wakes_pauses_after_its_wake_aware_limit()
    {
        await using var h = await RolloutHarness.StartAsync();
        var sleeper = await h.DeviceAsync("cam-sleep");
        await sleeper.SleepAsync(nextWakeS: 600);
        await Eventually.UntilAsync(async () => (await h.Gateway.Services.GetRequiredService<Fleet.Gateway.Rollouts.RolloutStore>()
            .GetDeviceFactsAsync(CancellationToken.None)).Any(f => f.WakeIntervalS == 600), "sleep stored");
        await h.UploadAsync(2);
        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            target = new { all = true },
            waveTimeout = "00:05:00",
            wakesPerWave = 3,
        });

        await h.AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.Equal(RolloutState.Running, (await h.GetAsync(created.Id)).State);
        await h.AdvanceAsync(TimeSpan.FromMinutes(2)); // past 3 x 10 min

        var paused = await h.GetAsync(created.Id);
        Assert.Equal(RolloutState.Paused, paused.State);
        Assert.Contains("timed out", paused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interrupted_transfer_resumes_from_the_last_offset()
    {
        await using var h = await RolloutHarness.StartAsync();
        var device = await h.DeviceAsync("cam-flaky");
        device.StopAfterBytes = 700; // loses power after the third 256-byte chunk
        await h.UploadAsync(2);
        var created = await h.CreateAsync(new { modelId = RolloutHarness.ModelId, modelVersion = 2, target = new { all = true } });

        var stalled = await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-flaky").Offset == 768,
            "three chunks served");
        await Eventually.UntilAsync(() => !device.IsConnected, "device dropped");
        Assert.Equal(RolloutDeviceStatus.Transferring, RolloutHarness.Device(stalled, "cam-flaky").Status);
        var before = device.Requests.Count;

        await device.ConnectAsync();

        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "transfer resumed and finished");
        var resumed = device.Requests.Skip(before).ToList();
        Assert.Equal(768u, resumed[0].Offset);
        Assert.Equal(2u, device.ActiveVersion);
        var size = (await h.Gateway.Http.GetFromJsonAsync<Fleet.Gateway.Api.ModelDto>($"/api/models/{RolloutHarness.ModelId}/2"))!.SizeBytes;
        // Every byte served exactly once: nothing before the held offset was sent again.
        Assert.Equal(size, RolloutHarness.Device(done, "cam-flaky").BytesServed);
        Assert.Equal([OtaResultCode.Activated], device.Results);
    }

    [Fact]
    public async Task Concurrency_limit_holds_and_everyone_is_served()
    {
        await using var h = await RolloutHarness.StartAsync();
        var devices = new List<OtaTestDevice>();
        for (var i = 0; i < 6; i++)
        {
            devices.Add(await h.DeviceAsync($"cam-{i:00}"));
        }

        await h.UploadAsync(2);
        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            target = new { deviceIdPrefix = "cam-" },
            maxConcurrentTransfers = 2,
        });
        Assert.Equal(2, created.Devices.Count(d => d.Status is RolloutDeviceStatus.Offered or RolloutDeviceStatus.Transferring));
        Assert.Equal(4, created.Devices.Count(d => d.Status == RolloutDeviceStatus.Waiting));

        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "all six served");

        Assert.Equal(2, done.PeakConcurrentTransfers);
        Assert.All(devices, d => Assert.Equal(2u, d.ActiveVersion));
    }

    private static double ReadGauge(RolloutHarness h, string name, string rolloutId)
    {
        var meter = h.Gateway.Services.GetRequiredService<GatewayTelemetry>().Meter;
        double? value = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name == name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, v, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == RolloutMetrics.RolloutTag && (string?)tag.Value == rolloutId)
                {
                    value = v;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.NotNull(value);
        return value.Value;
    }
}
