// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Gateway.Rollouts;
using Fleet.Gateway.Tests.Infrastructure;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>
/// Retired devices and rollouts (docs/rollouts.md): a new rollout never targets one, and a running rollout takes a
/// device retired mid-way out (status <c>retired</c>), neither waiting for it nor counting it as failed.
/// </summary>
public sealed class RolloutRetirementTests
{
    private static async Task RetireAsync(RolloutHarness h, string id) =>
        Assert.Equal(HttpStatusCode.NoContent, (await h.Gateway.Http.DeleteAsync($"/api/devices/{id}")).StatusCode);

    [Fact]
    public async Task Create_AfterRetiring_NeverTargetsTheRetiredDevice()
    {
        await using var h = await RolloutHarness.StartAsync();
        await h.DeviceAsync("cam-a");
        await h.DeviceAsync("cam-b");
        await h.DeviceAsync("cam-gone", connect: false);
        await h.UploadAsync(2);
        await RetireAsync(h, "cam-gone");

        var all = await h.CreateAsync(new { modelId = RolloutHarness.ModelId, modelVersion = 2, target = new { all = true } });
        Assert.Equal(["cam-a", "cam-b"], all.Devices.Select(d => d.DeviceId).Order());
        await h.UntilAsync(all.Id, r => r.State == RolloutState.Completed, "the rollout to the active devices completed");

        var group = await h.CreateAsync(new { modelId = RolloutHarness.ModelId, modelVersion = 2, target = new { deviceIdPrefix = "cam-" } });
        Assert.DoesNotContain(group.Devices, d => d.DeviceId == "cam-gone");

        using var named = await h.Gateway.Http.PostAsJsonAsync("/api/rollouts", new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            waves = new[] { new { devices = new[] { "cam-gone" } } },
        });
        var body = await named.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, named.StatusCode);
        Assert.Contains("cam-gone", JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("target")[0]
            .GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_DeviceRetiredWhileOffered_WaveGatePassesWithoutItAndRolloutCompletes()
    {
        await using var h = await RolloutHarness.StartAsync();
        var a = await h.DeviceAsync("cam-a");
        await h.DeviceAsync("cam-b", connect: false); // asleep: its offer waits
        var c = await h.DeviceAsync("cam-c");
        await h.UploadAsync(2);
        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            waves = new[] { new { devices = new[] { "cam-a", "cam-b" } }, new { devices = new[] { "cam-c" } } },
            successFraction = 1.0,
            maxFailureFraction = 0.0,
        });
        await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-a").Status == RolloutDeviceStatus.Activated
            && RolloutHarness.Device(r, "cam-b").Status == RolloutDeviceStatus.Offered, "a activated, b offered and waiting");
        Assert.Equal(RolloutDeviceStatus.Pending, RolloutHarness.Device(await h.GetAsync(created.Id), "cam-c").Status);

        await RetireAsync(h, "cam-b");

        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "completed without cam-b");
        Assert.Equal(RolloutDeviceStatus.Retired, RolloutHarness.Device(done, "cam-b").Status);
        Assert.Equal(RolloutDeviceStatus.Activated, RolloutHarness.Device(done, "cam-a").Status);
        Assert.Equal(RolloutDeviceStatus.Activated, RolloutHarness.Device(done, "cam-c").Status);
        Assert.Equal(2u, a.ActiveVersion);
        Assert.Equal(2u, c.ActiveVersion);
        // b's offer was withdrawn: nothing retained waits for it.
        await Eventually.UntilAsync(async () => await h.RetainedOffersAsync() == 0, "no retained offer left");
    }

    [Fact]
    public async Task Running_WholeWaveRetired_NextWaveStarts()
    {
        await using var h = await RolloutHarness.StartAsync();
        await h.DeviceAsync("cam-b", connect: false);
        var a = await h.DeviceAsync("cam-a");
        await h.UploadAsync(2);
        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            waves = new[] { new { devices = new[] { "cam-b" } }, new { devices = new[] { "cam-a" } } },
            successFraction = 1.0,
        });
        await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-b").Status == RolloutDeviceStatus.Offered,
            "b offered");

        await RetireAsync(h, "cam-b");

        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "completed by wave 2");
        Assert.Equal(RolloutDeviceStatus.Retired, RolloutHarness.Device(done, "cam-b").Status);
        Assert.Equal(RolloutDeviceStatus.Activated, RolloutHarness.Device(done, "cam-a").Status);
        Assert.Equal(2u, a.ActiveVersion);
    }
}
