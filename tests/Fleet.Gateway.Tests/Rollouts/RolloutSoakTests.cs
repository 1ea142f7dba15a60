// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Messages;
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
/// Soak time per wave: a wave that passed its gate runs the new model for its soak before the next wave gets an
/// offer, and a watchdog fault during the soak aborts with the next wave untouched. Embedded broker, real ingest,
/// devices over MQTT; the fake clock moves only where the engine schedules.
/// </summary>
public sealed class RolloutSoakTests
{
    [Fact]
    public async Task Next_wave_is_offered_only_after_the_soak_time()
    {
        await using var h = await RolloutHarness.StartAsync();
        var canary = await h.DeviceAsync("cam-1");
        var rest = await h.DeviceAsync("cam-2");
        await h.UploadAsync(2);
        var start = h.Gateway.Time.GetUtcNow();

        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            waves = new[] { new { devices = new[] { "cam-1" } }, new { devices = new[] { "cam-2" } } },
            soakTime = "00:30:00",
        });
        Assert.Equal(TimeSpan.FromMinutes(30), created.SoakTime);
        Assert.Equal(0, created.SoakWakes);

        var soaking = await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-1").Status == RolloutDeviceStatus.Activated
            && r.SoakingUntil is not null, "the canary activated and its wave soaks");
        var until = (start + TimeSpan.FromMinutes(30)).UtcDateTime;
        Assert.Equal(until, soaking.SoakingUntil);
        Assert.Equal(DateTimeKind.Utc, soaking.SoakingUntil!.Value.Kind);
        Assert.Contains("soaking wave 1 until", soaking.Reason, StringComparison.Ordinal);
        Assert.Equal(1, soaking.CurrentWave);

        await h.AdvanceAsync(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(10));
        var late = await h.GetAsync(created.Id);
        Assert.Equal(RolloutState.Running, late.State);
        Assert.Equal(1, late.CurrentWave);
        Assert.Equal(until, late.SoakingUntil);
        Assert.Equal(RolloutDeviceStatus.Pending, RolloutHarness.Device(late, "cam-2").Status);
        Assert.Equal(0u, RolloutHarness.Device(late, "cam-2").OfferId);
        Assert.Empty(rest.Offers);

        await h.AdvanceAsync(TimeSpan.FromSeconds(10)); // the soak is over

        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "wave 2 updated after the soak");
        Assert.Null(done.SoakingUntil);
        Assert.Null(done.Reason);
        Assert.Equal(2u, rest.ActiveVersion);
        Assert.Equal(2u, canary.ActiveVersion);
        Assert.True(RolloutHarness.Device(done, "cam-2").OfferId > RolloutHarness.Device(done, "cam-1").OfferId);
    }

    [Fact]
    public async Task Watchdog_wake_during_the_soak_aborts_and_rolls_back_before_the_next_wave()
    {
        await using var h = await RolloutHarness.StartAsync();
        var canary = await h.DeviceAsync("cam-a");
        var b = await h.DeviceAsync("cam-b");
        var c = await h.DeviceAsync("cam-c");
        await h.UploadAsync(1);
        await h.UploadAsync(2);
        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            waves = new[] { new { devices = new[] { "cam-a" } }, new { devices = new[] { "cam-b", "cam-c" } } },
            soakTime = "00:30:00",
        });
        await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-a").Status == RolloutDeviceStatus.Activated
            && r.SoakingUntil is not null, "the canary activated and its wave soaks");
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));

        // The new model trips the watchdog: the wake after the reset says so (wake_reason 4).
        await canary.PublishStatusAsync(60, WakeReason.Watchdog);

        var aborted = await h.UntilAsync(created.Id, r => r.State == RolloutState.Aborted
            && RolloutHarness.Device(r, "cam-a").Status == RolloutDeviceStatus.RolledBack, "aborted and the canary rolled back");
        Assert.Contains("watchdog after activation", aborted.Reason, StringComparison.Ordinal);
        Assert.Null(aborted.SoakingUntil);
        Assert.Equal(1u, canary.ActiveVersion);
        Assert.Equal([2u, 1u], canary.Offers.Select(o => o.ModelVersion));
        // The next wave never got an offer.
        Assert.Empty(b.Offers);
        Assert.Empty(c.Offers);
        Assert.All(aborted.Devices.Where(d => d.Wave == 2), d =>
        {
            Assert.Equal(RolloutDeviceStatus.Cancelled, d.Status);
            Assert.Equal(0u, d.OfferId);
        });
        await Eventually.UntilAsync(async () => await h.RetainedOffersAsync() == 0, "no offer left retained");
    }

    [Fact]
    public async Task Soak_wakes_count_wake_intervals_of_the_waves_slowest_activated_device()
    {
        // The soak in wakes comes from the gateway's default here, the soak time from the request.
        await using var h = await RolloutHarness.StartAsync("--Rollouts:SoakWakes=2", "--Rollouts:SoakTime=00:05:00");
        var canary = await h.DeviceAsync("cam-1");
        var rest = await h.DeviceAsync("cam-2");
        await canary.PublishStatusAsync(nextWakeS: 600); // wakes every 10 minutes
        await Eventually.UntilAsync(async () => (await h.Gateway.Services.GetRequiredService<RolloutStore>()
            .GetDeviceFactsAsync(CancellationToken.None)).Any(f => f.Id == "cam-1" && f.WakeIntervalS == 600), "wake interval stored");
        await h.UploadAsync(2);
        var start = h.Gateway.Time.GetUtcNow();

        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            waves = new[] { new { devices = new[] { "cam-1" } }, new { devices = new[] { "cam-2" } } },
            soakTime = "00:00:00",
        });
        Assert.Equal(TimeSpan.Zero, created.SoakTime);
        Assert.Equal(2, created.SoakWakes);

        var soaking = await h.UntilAsync(created.Id, r => r.SoakingUntil is not null, "the canary's wave soaks");
        Assert.Equal((start + TimeSpan.FromMinutes(20)).UtcDateTime, soaking.SoakingUntil);

        await h.AdvanceAsync(TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(10));
        var late = await h.GetAsync(created.Id);
        Assert.Equal(RolloutDeviceStatus.Pending, RolloutHarness.Device(late, "cam-2").Status);
        Assert.Empty(rest.Offers);

        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "wave 2 updated after two wakes");
        Assert.Equal(2u, rest.ActiveVersion);
        Assert.Null(done.SoakingUntil);
    }

    [Fact]
    public async Task Restarted_gateway_keeps_the_stored_soak_end()
    {
        using var dir = new TempDirectory();
        var (key, pub) = TestModels.NewKey(dir.Path);
        using var signingKey = key;
        var data = Path.Combine(dir.Path, "data");
        string[] args = [$"--Models:TrustedKeys:0={pub}", "--Rollouts:ChunkSize=256", "--Rollouts:EvaluationInterval=00:00:10"];
        string rolloutId, secret2;
        // Each fake clock starts at 2030-01-01 00:00. The rollout starts an hour later, so a soak begun afresh at the
        // restart would end at 00:30 and the stored one ends at 01:30.
        var soakEnd = new DateTime(2030, 1, 1, 1, 30, 0, DateTimeKind.Utc);
        await using (var first = await FakeClockGateway.StartAsync(data, args))
        {
            var registry = first.Services.GetRequiredService<DeviceRegistry>();
            var secret1 = await registry.ProvisionAsync("cam-1", CancellationToken.None);
            secret2 = await registry.ProvisionAsync("cam-2", CancellationToken.None);
            await TestModels.UploadAsync(first.Http, key, TestModels.Build("person-det", 2));
            await AdvanceAsync(first, TimeSpan.FromHours(1));
            await using var canary = new OtaTestDevice(first.MqttPort, "cam-1", secret1, key.PublicKey);
            await canary.ConnectAsync();
            using var response = await first.Http.PostAsJsonAsync("/api/rollouts", new
            {
                modelId = "person-det",
                modelVersion = 2,
                waves = new[] { new { devices = new[] { "cam-1" } }, new { devices = new[] { "cam-2" } } },
                soakTime = "00:30:00",
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            rolloutId = (await response.Content.ReadFromJsonAsync<RolloutDto>())!.Id;
            await Eventually.UntilAsync(async () => (await GetAsync(first, rolloutId)).SoakingUntil == soakEnd,
                "the canary activated and its wave soaks until 01:30");
            await AdvanceAsync(first, TimeSpan.FromMinutes(10)); // mid-soak
            Assert.Equal(soakEnd, (await GetAsync(first, rolloutId)).SoakingUntil);
        }

        await using var second = await FakeClockGateway.StartAsync(data, args);
        await AdvanceAsync(second, TimeSpan.FromMinutes(70)); // 01:10 again, as before the restart
        var reloaded = await GetAsync(second, rolloutId);
        Assert.Equal(RolloutState.Running, reloaded.State);
        Assert.Equal(soakEnd, reloaded.SoakingUntil);

        await AdvanceAsync(second, TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(10)); // 01:29:50
        var late = await GetAsync(second, rolloutId);
        Assert.Equal(RolloutDeviceStatus.Pending, late.Devices.Single(d => d.DeviceId == "cam-2").Status);
        Assert.Equal(soakEnd, late.SoakingUntil);

        await AdvanceAsync(second, TimeSpan.FromSeconds(10)); // 01:30: the stored soak is over
        var offered = await GetAsync(second, rolloutId);
        Assert.Equal(RolloutDeviceStatus.Offered, offered.Devices.Single(d => d.DeviceId == "cam-2").Status);
        Assert.Null(offered.SoakingUntil);

        await using var rest = new OtaTestDevice(second.MqttPort, "cam-2", secret2, key.PublicKey);
        await rest.ConnectAsync();
        await Eventually.UntilAsync(async () => (await GetAsync(second, rolloutId)).State == RolloutState.Completed,
            "wave 2 updated after the stored soak");
        Assert.Equal(2u, rest.ActiveVersion);
    }

    [Fact]
    public async Task Paused_rollout_keeps_its_soak_clock()
    {
        await using var h = await RolloutHarness.StartAsync();
        await h.DeviceAsync("cam-1");
        var rest = await h.DeviceAsync("cam-2");
        await h.UploadAsync(2);
        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            waves = new[] { new { devices = new[] { "cam-1" } }, new { devices = new[] { "cam-2" } } },
            soakTime = "00:30:00",
        });
        var soaking = await h.UntilAsync(created.Id, r => r.SoakingUntil is not null, "wave 1 soaks");
        using (var pause = await h.Gateway.Http.PostAsync($"/api/rollouts/{created.Id}/pause", null))
        {
            Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        }

        await h.AdvanceAsync(TimeSpan.FromMinutes(31));
        var paused = await h.GetAsync(created.Id);
        Assert.Equal(RolloutState.Paused, paused.State);
        Assert.Equal(soaking.SoakingUntil, paused.SoakingUntil);
        Assert.Equal(RolloutDeviceStatus.Pending, RolloutHarness.Device(paused, "cam-2").Status);
        Assert.Empty(rest.Offers);

        // The soak ran on while paused: resuming offers wave 2 at once instead of soaking again.
        using (var resume = await h.Gateway.Http.PostAsync($"/api/rollouts/{created.Id}/resume", null))
        {
            var resumed = (await resume.Content.ReadFromJsonAsync<RolloutDto>())!;
            Assert.Equal(RolloutDeviceStatus.Offered, RolloutHarness.Device(resumed, "cam-2").Status);
            Assert.Null(resumed.SoakingUntil);
        }

        await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "completed after the resume");
    }

    [Fact]
    public async Task Gate_lost_during_the_soak_clears_it_and_it_starts_afresh_when_the_gate_holds_again()
    {
        await using var h = await RolloutHarness.StartAsync();
        var a = await h.DeviceAsync("cam-a");
        await h.DeviceAsync("cam-b");
        var late = await h.DeviceAsync("cam-c", connect: false);
        var next = await h.DeviceAsync("cam-d");
        await h.UploadAsync(2);
        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            waves = new[] { new { devices = new[] { "cam-a", "cam-b", "cam-c" } }, new { devices = new[] { "cam-d" } } },
            soakTime = "00:30:00",
            successFraction = 0.5, // 2 of 3
            maxFailureFraction = 1.0, // a fault alone never aborts here: what it takes away is the gate
        });
        await h.UntilAsync(created.Id, r => r.SoakingUntil is not null, "wave 1 soaks with cam-a and cam-b");
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));

        await a.PublishStatusAsync(60, WakeReason.Watchdog); // cam-a faults: 1 of 3 activated, below the gate

        var cleared = await h.UntilAsync(created.Id, r => r.SoakingUntil is null, "the soak cleared");
        Assert.Equal(RolloutState.Running, cleared.State);
        Assert.Null(cleared.Reason);
        await h.AdvanceAsync(TimeSpan.FromMinutes(25)); // past the first soak's end
        var held = await h.GetAsync(created.Id);
        Assert.Null(held.SoakingUntil);
        Assert.Equal(RolloutDeviceStatus.Pending, RolloutHarness.Device(held, "cam-d").Status);
        Assert.Empty(next.Offers);

        // cam-c wakes and activates: the gate holds again and the soak starts from now, not from the first start.
        var now = h.Gateway.Time.GetUtcNow();
        await late.ConnectAsync();
        var again = await h.UntilAsync(created.Id, r => r.SoakingUntil is not null, "wave 1 soaks again");
        Assert.Equal((now + TimeSpan.FromMinutes(30)).UtcDateTime, again.SoakingUntil);
        Assert.Equal(RolloutDeviceStatus.Activated, RolloutHarness.Device(again, "cam-c").Status);
        Assert.Equal(RolloutDeviceStatus.Pending, RolloutHarness.Device(again, "cam-d").Status);
        Assert.Empty(next.Offers);
    }

    [Fact]
    public async Task Rollout_stored_before_soak_existed_loads_with_no_soak()
    {
        await using var h = await RolloutHarness.StartAsync();
        await h.DeviceAsync("cam-1", connect: false);
        await h.UploadAsync(2);
        var created = await h.CreateAsync(new { modelId = RolloutHarness.ModelId, modelVersion = 2, target = new { all = true } });

        // Rewrite the stored document as an older gateway wrote it: no soak fields at all.
        await RewriteStoredDocumentAsync(h.Gateway, created.Id, document =>
        {
            Assert.True(document.Remove("soakStartedAt"));
            Assert.True(document["policy"]!.AsObject().Remove("soakTime"));
            Assert.True(document["policy"]!.AsObject().Remove("soakWakes"));
        });

        var loaded = Assert.Single(await h.Gateway.Services.GetRequiredService<RolloutStore>().LoadAllAsync(CancellationToken.None));
        Assert.Null(loaded.SoakStartedAt);
        Assert.Equal(TimeSpan.Zero, loaded.Policy.SoakTime);
        Assert.Equal(0, loaded.Policy.SoakWakes);
        Assert.Equal(created.Policy with { SoakTime = TimeSpan.Zero, SoakWakes = 0 }, loaded.Policy);
    }

    [Theory]
    [InlineData("soakTime", "\"-00:30:00\"")]
    [InlineData("soakTime", "\"7.00:00:01\"")]
    [InlineData("soakWakes", "101")]
    [InlineData("soakWakes", "-1")]
    public async Task Bad_soak_is_refused_naming_the_field_and_nothing_is_stored(string field, string value)
    {
        await using var h = await RolloutHarness.StartAsync();
        await h.DeviceAsync("cam-1", connect: false);
        await h.UploadAsync(2);

        using var body = new StringContent(
            $$"""{"modelId": "{{RolloutHarness.ModelId}}", "modelVersion": 2, "target": {"all": true}, "{{field}}": {{value}}}""",
            System.Text.Encoding.UTF8, "application/json");
        using var response = await h.Gateway.Http.PostAsync("/api/rollouts", body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), text);
        Assert.Empty((await h.Gateway.Http.GetFromJsonAsync<List<RolloutDto>>("/api/rollouts"))!);
        Assert.Empty(await h.Gateway.Services.GetRequiredService<RolloutStore>().LoadAllAsync(CancellationToken.None));
    }
}
