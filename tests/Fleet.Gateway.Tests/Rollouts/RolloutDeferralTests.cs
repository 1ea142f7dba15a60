// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Gateway.Alerts;
using Fleet.Gateway.Rollouts;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>
/// OTA result code 9 (the device deferred the update on a low cell) through the embedded broker and SQLite: a
/// deferral, re-offered after that wake, never a failure for the rollout's gates or the alerts.
/// </summary>
public sealed class RolloutDeferralTests
{
    [Fact]
    public async Task Device_deferring_with_code_9_is_offered_again_on_its_next_wake_without_abort_or_alert()
    {
        await using var h = await RolloutHarness.StartAsync();
        var ok = await h.DeviceAsync("cam-ok");
        var deferring = await h.DeviceAsync("cam-def");
        deferring.DeferOffers = 1;
        await h.UploadAsync(1);
        await h.UploadAsync(2);

        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            target = new { devices = new[] { "cam-ok", "cam-def" } },
            maxFailureFraction = 0.0, // a single failure would abort
            successFraction = 1.0,
        });

        var deferred = await h.UntilAsync(created.Id,
            r => RolloutHarness.Device(r, "cam-def").Status == RolloutDeviceStatus.Deferred
                && RolloutHarness.Device(r, "cam-ok").Status == RolloutDeviceStatus.Activated,
            "cam-def deferred with code 9, cam-ok activated");
        var d = RolloutHarness.Device(deferred, "cam-def");
        Assert.Equal(RolloutState.Running, deferred.State);
        Assert.Equal((int)OtaResultCode.DeferredLowBattery, d.ResultCode);
        Assert.Equal(1, d.DeviceDeferrals);
        Assert.Contains("code 9", d.Note, StringComparison.Ordinal);
        // Still awake on a low cell: the offer is not bounced straight back within the same wake.
        Assert.Single(deferring.Offers);
        await Eventually.UntilAsync(async () => await h.RetainedOffersAsync() == 0, "the deferred offer cleared");

        await h.Gateway.EvaluateAsync();
        Assert.DoesNotContain(await OpenAlertsAsync(h, "cam-def"), a => a.Kind == AlertKind.UpdateFailed);

        await deferring.SleepAsync(nextWakeS: 60); // the wake ends: the gateway offers again, retained
        await Eventually.UntilAsync(async () => await h.RetainedOffersAsync() == 1, "offer retained for the next wake");
        await deferring.ConnectAsync(); // next wake, cell charged: fetches and activates

        var done = await h.UntilAsync(created.Id, r => r.State == RolloutState.Completed, "rollout completed");
        Assert.Null(done.Reason);
        Assert.All(done.Devices, x => Assert.Equal(RolloutDeviceStatus.Activated, x.Status));
        Assert.Equal([OtaResultCode.DeferredLowBattery, OtaResultCode.Activated], deferring.Results);
        Assert.Equal(2u, deferring.ActiveVersion);
        Assert.Equal(2u, ok.ActiveVersion);
        Assert.Equal(1, RolloutHarness.Device(done, "cam-def").DeviceDeferrals);

        await h.Gateway.EvaluateAsync();
        var alerts = await h.Gateway.Services.GetRequiredService<AlertStore>()
            .QueryAsync(null, "cam-def", 100, CancellationToken.None);
        Assert.DoesNotContain(alerts, a => a.Kind == AlertKind.UpdateFailed);
    }

    [Fact]
    public async Task Failure_followed_by_a_deferral_keeps_the_update_failed_alert()
    {
        await using var h = await RolloutHarness.StartAsync();
        var device = await h.DeviceAsync("cam-x");
        device.FailSelfTest = true;
        await h.UploadAsync(2);
        var created = await h.CreateAsync(new
        {
            modelId = RolloutHarness.ModelId,
            modelVersion = 2,
            target = new { devices = new[] { "cam-x" } },
        });
        await h.UntilAsync(created.Id, r => RolloutHarness.Device(r, "cam-x").Status == RolloutDeviceStatus.Failed,
            "self-test failure reported");
        await h.Gateway.EvaluateAsync();
        Assert.Contains(await OpenAlertsAsync(h, "cam-x"), a => a.Kind == AlertKind.UpdateFailed);

        // A later code 9 says nothing about the failed update: the alert stays open.
        await device.PublishResultAsync(999, OtaResultCode.DeferredLowBattery);
        await Eventually.UntilAsync(async () => await CountAsync(h,
            $"SELECT COUNT(*) FROM ota_log WHERE device_id = 'cam-x' AND code = {(int)OtaResultCode.DeferredLowBattery};") == 1,
            "the code 9 result stored");
        await h.Gateway.EvaluateAsync();
        Assert.Contains(await OpenAlertsAsync(h, "cam-x"), a => a.Kind == AlertKind.UpdateFailed);
    }

    private static async Task<long> CountAsync(RolloutHarness h, string sql)
    {
        var database = h.Gateway.Services.GetRequiredService<FleetDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<AlertRecord>> OpenAlertsAsync(RolloutHarness h, string deviceId) =>
        await h.Gateway.Services.GetRequiredService<AlertStore>().QueryAsync(true, deviceId, 100, CancellationToken.None);
}
