// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Gateway.Api;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Rollouts;
using Fleet.Gateway.Tests.Alerts;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Models;
using Microsoft.Extensions.DependencyInjection;
using static Fleet.Gateway.Tests.Rollouts.RolloutGatewaySteps;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>
/// The detection-rate guard: a canary whose new model stops detecting (or fires on every wake) counts as faulted,
/// aborts and rolls back before the next wave is offered. Baselines are real stored uplinks sent over MQTT before
/// the rollout; the fake clock moves only where the engine schedules. The arithmetic is in <see cref="DetectionShiftTests"/>.
/// </summary>
public sealed class RolloutDetectionShiftTests
{
    private const string Soak = "00:30:00";

    [Fact]
    public async Task Canary_whose_detections_stop_aborts_and_rolls_back_before_wave_two()
    {
        await using var h = await RolloutHarness.StartAsync();
        var canary = await h.DeviceAsync("cam-a");
        var rest = await h.DeviceAsync("cam-b");
        // 0.80 detections per wake; the empty frames' events are not detections.
        await BaselineAsync(h, canary, wakes: 25, detections: 20, emptyEvents: 5);
        await h.UploadAsync(1);
        await h.UploadAsync(2);
        var created = await CreateAsync(h, detectionShift: 3);
        Assert.Equal(3, created.DetectionShift);
        Assert.Equal(TimeSpan.FromDays(7), created.DetectionBaseline);
        var before = RolloutHarness.Device(created, "cam-a");
        Assert.Equal((25, 20), (before.WakesBefore, before.DetectionsBefore));
        await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-a").Status == RolloutDeviceStatus.Activated
            && r.SoakingUntil is not null, "the canary activated and its wave soaks");

        // Six silent wakes expect 4.8 detections; the seventh wake's start judges them (P = e^-4.8 = 0.008).
        for (var i = 0; i < 6; i++)
        {
            await canary.PublishStatusAsync(60);
        }

        var quiet = await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-a").WakesAfter == 6, "six wakes counted");
        Assert.Equal(RolloutState.Running, quiet.State);
        Assert.False(RolloutHarness.Device(quiet, "cam-a").Faulted);
        Assert.Null(RolloutHarness.Device(quiet, "cam-a").FaultReason);

        await canary.PublishStatusAsync(60);

        var aborted = await h.UntilAsync(created.Id, r => r.State == RolloutState.Aborted
            && RolloutHarness.Device(r, "cam-a").Status == RolloutDeviceStatus.RolledBack, "aborted and the canary rolled back");
        const string figures = "detections 0 in 6 wakes, expected 4.8 from 0.80/wake over 7 d";
        Assert.Contains("detection-rate shift after activation (cam-a: detection drop: " + figures, aborted.Reason, StringComparison.Ordinal);
        var device = RolloutHarness.Device(aborted, "cam-a");
        Assert.StartsWith("detection drop: " + figures, device.FaultReason, StringComparison.Ordinal);
        Assert.Equal((0, 7), (device.DetectionsAfter, device.WakesAfter));
        Assert.Equal(1u, canary.ActiveVersion);
        Assert.Equal([2u, 1u], canary.Offers.Select(o => o.ModelVersion));
        Assert.Empty(rest.Offers);
        Assert.Equal(RolloutDeviceStatus.Cancelled, RolloutHarness.Device(aborted, "cam-b").Status);
    }

    [Fact]
    public async Task Canary_detecting_as_before_passes_and_the_rollout_completes()
    {
        await using var h = await RolloutHarness.StartAsync();
        var canary = await h.DeviceAsync("cam-a");
        var rest = await h.DeviceAsync("cam-b");
        await BaselineAsync(h, canary, wakes: 25, detections: 20);
        await h.UploadAsync(2);
        var created = await CreateAsync(h, detectionShift: 3);
        await h.UntilAsync(created.Id, r => r.SoakingUntil is not null, "the canary's wave soaks");

        // Eight detections in ten wakes, against 0.80 per wake before.
        for (var i = 0; i < 10; i++)
        {
            await canary.PublishStatusAsync(60);
            if (i % 5 != 4)
            {
                await canary.PublishDetectionAsync();
            }
        }

        await canary.PublishStatusAsync(60); // judges the ten
        var soaking = await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-a").WakesAfter == 11, "eleven wakes counted");
        var device = RolloutHarness.Device(soaking, "cam-a");
        Assert.Equal(8, device.DetectionsAfter);
        Assert.False(device.Faulted);
        Assert.Equal(RolloutState.Running, soaking.State);

        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "wave 2 updated after the soak");
        Assert.Equal(2u, rest.ActiveVersion);
        Assert.All(done.Devices, d => Assert.Null(d.FaultReason));
        // cam-b sent nothing before the rollout: it is not judged, and its note says so.
        Assert.Contains("no detection baseline (0 wakes over 7 d before the rollout, 20 needed)", RolloutHarness.Device(done, "cam-b").Note,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_with_too_thin_a_baseline_is_not_judged()
    {
        await using var h = await RolloutHarness.StartAsync();
        var canary = await h.DeviceAsync("cam-a");
        await h.DeviceAsync("cam-b");
        // A detection every wake, but only 10 wakes: fewer than the 20 a baseline needs.
        await BaselineAsync(h, canary, wakes: 10, detections: 10);
        await h.UploadAsync(2);
        var created = await CreateAsync(h, detectionShift: 3);
        await h.UntilAsync(created.Id, r => r.SoakingUntil is not null, "the canary's wave soaks");

        // Twelve silent wakes would be a drop far beyond chance (P = e^-12) if the device were judged.
        for (var i = 0; i < 13; i++)
        {
            await canary.PublishStatusAsync(60);
        }

        var r = await h.UntilAsync(created.Id, x => RolloutHarness.Device(x, "cam-a").WakesAfter == 13, "thirteen wakes counted");
        var device = RolloutHarness.Device(r, "cam-a");
        Assert.False(device.Faulted);
        Assert.Null(device.FaultReason);
        Assert.Equal((10, 10), (device.WakesBefore, device.DetectionsBefore));
        Assert.Contains("no detection baseline (10 wakes over 7 d before the rollout, 20 needed): detection rate not judged", device.Note,
            StringComparison.Ordinal);
        Assert.Equal(RolloutState.Running, r.State);
        Assert.NotNull(r.SoakingUntil);
    }

    [Fact]
    public async Task Model_that_fires_every_wake_where_it_fired_one_in_twenty_aborts()
    {
        // The factor comes from the gateway's default here.
        await using var h = await RolloutHarness.StartAsync("--Rollouts:DetectionShift=3");
        var canary = await h.DeviceAsync("cam-a");
        var rest = await h.DeviceAsync("cam-b");
        await BaselineAsync(h, canary, wakes: 40, detections: 2);
        await h.UploadAsync(1);
        await h.UploadAsync(2);
        var created = await CreateAsync(h, detectionShift: null);
        Assert.Equal(3, created.DetectionShift);
        await h.UntilAsync(created.Id, r => r.SoakingUntil is not null, "the canary's wave soaks");

        // Four wakes, four detections: 0.2 expected, judged against the floor of 0.5 (P(X ≥ 4) = 0.0018).
        for (var i = 0; i < 4; i++)
        {
            await canary.PublishStatusAsync(60);
            await canary.PublishDetectionAsync();
        }

        await canary.PublishStatusAsync(60);

        var aborted = await h.UntilAsync(created.Id, r => r.State == RolloutState.Aborted
            && RolloutHarness.Device(r, "cam-a").Status == RolloutDeviceStatus.RolledBack, "aborted and the canary rolled back");
        Assert.Contains("detection rise: detections 4 in 4 wakes, expected 0.2 from 0.05/wake over 7 d, judged against 0.5",
            aborted.Reason, StringComparison.Ordinal);
        Assert.StartsWith("detection rise:", RolloutHarness.Device(aborted, "cam-a").FaultReason, StringComparison.Ordinal);
        Assert.Empty(rest.Offers);
    }

    [Fact]
    public async Task Guard_off_by_default_ignores_the_shift()
    {
        await using var h = await RolloutHarness.StartAsync();
        var canary = await h.DeviceAsync("cam-a");
        var rest = await h.DeviceAsync("cam-b");
        await BaselineAsync(h, canary, wakes: 25, detections: 20);
        await h.UploadAsync(2);
        var created = await CreateAsync(h, detectionShift: null);
        Assert.Equal(0, created.DetectionShift);
        Assert.Null(RolloutHarness.Device(created, "cam-a").WakesBefore);
        await h.UntilAsync(created.Id, r => r.SoakingUntil is not null, "the canary's wave soaks");

        for (var i = 0; i < 12; i++)
        {
            await canary.PublishStatusAsync(60);
        }

        // Telemetry after the wakes: once its charge shows, the engine has taken every wake before it.
        await canary.PublishTelemetryAsync(socPm: 777);
        var r = await h.UntilAsync(created.Id, x => RolloutHarness.Device(x, "cam-a").SocPercent == 77.7, "the wakes handled");
        Assert.Equal(RolloutState.Running, r.State);
        Assert.False(RolloutHarness.Device(r, "cam-a").Faulted);
        Assert.Equal(0, RolloutHarness.Device(r, "cam-a").WakesAfter);

        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        await h.UntilAsync(created.Id, x => x.State == RolloutState.Completed, "completed");
        Assert.Equal(2u, rest.ActiveVersion);
    }

    [Fact]
    public async Task Restarted_gateway_judges_from_the_stored_figures()
    {
        using var dir = new TempDirectory();
        var (key, pub) = TestModels.NewKey(dir.Path);
        using var signingKey = key;
        var data = Path.Combine(dir.Path, "data");
        string[] args = [$"--Models:TrustedKeys:0={pub}", "--Rollouts:ChunkSize=256", "--Rollouts:EvaluationInterval=00:00:10"];
        string rolloutId, secret;
        await using (var first = await FakeClockGateway.StartAsync(data, args))
        {
            secret = await first.Services.GetRequiredService<DeviceRegistry>().ProvisionAsync("cam-a", CancellationToken.None);
            await first.Services.GetRequiredService<DeviceRegistry>().ProvisionAsync("cam-b", CancellationToken.None);
            await TestModels.UploadAsync(first.Http, key, TestModels.Build("person-det", 1));
            await TestModels.UploadAsync(first.Http, key, TestModels.Build("person-det", 2));
            await using var canary = new OtaTestDevice(first.MqttPort, "cam-a", secret, key.PublicKey);
            await canary.ConnectAsync();
            await PublishBaselineAsync(first, canary, wakes: 25, detections: 20, emptyEvents: 0);
            await AdvanceAsync(first, TimeSpan.FromMinutes(1));
            using var response = await first.Http.PostAsJsonAsync("/api/rollouts", Request(3));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            rolloutId = (await response.Content.ReadFromJsonAsync<RolloutDto>())!.Id;
            await Eventually.UntilAsync(async () => (await GetAsync(first, rolloutId)).SoakingUntil is not null,
                "the canary activated and its wave soaks");
            for (var i = 0; i < 4; i++)
            {
                await canary.PublishStatusAsync(60);
            }

            await Eventually.UntilAsync(async () => RolloutHarness.Device(await GetAsync(first, rolloutId), "cam-a").WakesAfter == 4,
                "four wakes counted before the restart");
        }

        // A baseline window or minimum set differently now must not change the stored rollout's judgement.
        await using var second = await FakeClockGateway.StartAsync(data,
            [.. args, "--Rollouts:DetectionBaseline=01:00:00", "--Rollouts:DetectionMinBaselineWakes=100"]);
        var reloaded = RolloutHarness.Device(await GetAsync(second, rolloutId), "cam-a");
        Assert.Equal((25, 20, 4), (reloaded.WakesBefore, reloaded.DetectionsBefore, reloaded.WakesAfter));

        // Its numbering carries on past what the first gateway stored.
        await using var again = new OtaTestDevice(second.MqttPort, "cam-a", secret, key.PublicKey, firstSequence: 1000);
        await again.ConnectAsync();
        for (var i = 0; i < 3; i++)
        {
            await again.PublishStatusAsync(60);
        }

        await Eventually.UntilAsync(async () => (await GetAsync(second, rolloutId)).State == RolloutState.Aborted,
            "aborted after the restart");
        var aborted = await GetAsync(second, rolloutId);
        Assert.Contains("detection drop: detections 0 in 6 wakes, expected 4.8 from 0.80/wake over 7 d", aborted.Reason,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_stored_before_the_guard_existed_loads_with_it_off()
    {
        await using var h = await RolloutHarness.StartAsync();
        await h.DeviceAsync("cam-a", connect: false);
        await h.UploadAsync(2);
        var created = await h.CreateAsync(new { modelId = RolloutHarness.ModelId, modelVersion = 2, target = new { all = true }, detectionShift = 3 });

        // Rewrite the stored document as an older gateway wrote it: no guard fields at all.
        await RewriteStoredDocumentAsync(h.Gateway, created.Id, document =>
        {
            Assert.True(document["policy"]!.AsObject().Remove("detectionShift"));
            Assert.True(document.Remove("detectionBaseline"));
            Assert.True(document.Remove("detectionMinBaselineWakes"));
            foreach (var d in document["devices"]!.AsArray())
            {
                foreach (var field in new[] { "wakesBefore", "detectionsBefore", "wakesAfter", "detectionsAfter", "detectionFault" })
                {
                    Assert.True(d!.AsObject().Remove(field), field);
                }
            }
        });

        var loaded = Assert.Single(await h.Gateway.Services.GetRequiredService<RolloutStore>().LoadAllAsync(CancellationToken.None));
        Assert.Equal(created.Policy with { DetectionShift = 0 }, loaded.Policy);
        var device = Assert.Single(loaded.Devices);
        Assert.Null(device.WakesBefore);
        Assert.Null(device.DetectionFault);
        Assert.False(device.Faulted);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0.5")]
    [InlineData("-3")]
    [InlineData("1000.5")]
    public async Task Bad_factor_is_refused_naming_the_field_and_nothing_is_stored(string value)
    {
        await using var h = await RolloutHarness.StartAsync();
        await h.DeviceAsync("cam-1", connect: false);
        await h.UploadAsync(2);

        using var body = new StringContent(
            $$"""{"modelId": "{{RolloutHarness.ModelId}}", "modelVersion": 2, "target": {"all": true}, "detectionShift": {{value}}}""",
            System.Text.Encoding.UTF8, "application/json");
        using var response = await h.Gateway.Http.PostAsync("/api/rollouts", body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty("detectionShift", out _), text);
        Assert.Empty(await h.Gateway.Services.GetRequiredService<RolloutStore>().LoadAllAsync(CancellationToken.None));
    }

    private static object Request(double? detectionShift) => new
    {
        modelId = RolloutHarness.ModelId,
        modelVersion = 2,
        waves = new[] { new { devices = new[] { "cam-a" } }, new { devices = new[] { "cam-b" } } },
        soakTime = Soak,
        detectionShift,
    };

    private static Task<RolloutDto> CreateAsync(RolloutHarness h, double? detectionShift) => h.CreateAsync(Request(detectionShift));

    /// <summary>
    /// The device's history before the rollout: <paramref name="wakes"/> wakes, the first <paramref name="detections"/>
    /// of them with a detection, plus events without a box; stored, then the clock moves on so all of it lies before
    /// the rollout's start.
    /// </summary>
    private static async Task BaselineAsync(RolloutHarness h, OtaTestDevice device, int wakes, int detections, int emptyEvents = 0)
    {
        await PublishBaselineAsync(h.Gateway, device, wakes, detections, emptyEvents);
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
    }

    private static async Task PublishBaselineAsync(FakeClockGateway gateway, OtaTestDevice device, int wakes, int detections,
        int emptyEvents)
    {
        for (var i = 0; i < wakes; i++)
        {
            await device.PublishStatusAsync(60);
            if (i < detections)
            {
                await device.PublishDetectionAsync();
            }

            if (i < emptyEvents)
            {
                await device.PublishDetectionAsync(box: false);
            }
        }

        var store = gateway.Services.GetRequiredService<RolloutStore>();
        await Eventually.UntilAsync(async () =>
        {
            var now = gateway.Time.GetUtcNow();
            var stored = await store.GetDetectionBaselinesAsync(RolloutHarness.ModelId, now - TimeSpan.FromDays(1),
                now + TimeSpan.FromSeconds(1), CancellationToken.None);
            return stored.GetValueOrDefault(device.DeviceId) == (wakes, detections);
        }, "the baseline stored");
    }
}
