using Fleet.Agent.Protocol;
using Fleet.Agent.Wake;
using Fleet.Contracts.Messages;

namespace Fleet.Agent.Tests;

/// <summary>The wake sequence of docs/protocol.md §1.2 against a real broker and the gateway double.</summary>
public sealed class WakeTests
{
    [Fact]
    public async Task Wake_TakesRetainedConfig_ReportsIt_AndUsesThePersistentSessionAfterwards()
    {
        await using Broker broker = await Broker.StartAsync();
        await using GatewayDouble gateway = await GatewayDouble.StartAsync(broker.Port);
        (_, byte[] publicPoint) = TestDevice.NewSigningKey();
        using var device = new TestDevice("cam-cfg", broker.Port, TimeProvider.System, publicPoint);
        await gateway.PublishDesiredConfigAsync("cam-cfg", new DeviceConfig(5, 120, 2, 6500, DetectorKind.Face, "", 0, true));
        await gateway.FlushAsync();

        WakeReport first = device.Agent.RunWake();
        Assert.Equal((int)Ports.ConnectOutcome.NewSession, first.ConnectResult);
        Assert.Equal(0, first.ConfigResult);
        Assert.Equal(120u, device.Agent.Settings.WakeIntervalS);
        Assert.Equal(120u, first.NextWakeS);

        // The gateway changes its mind while the device sleeps; the persistent session queues it.
        await gateway.PublishDesiredConfigAsync("cam-cfg", new DeviceConfig(6, 5, 2, 6500, DetectorKind.Face, "", 0, true));
        await gateway.FlushAsync();
        device.Boot();
        WakeReport second = device.Agent.RunWake();
        Assert.Equal((int)Ports.ConnectOutcome.SessionPresent, second.ConnectResult);
        Assert.Equal(1, second.ConfigResult);
        Assert.Equal("wake_interval_s 5 outside 10-86400", second.ConfigReason);
        Assert.Equal(120u, device.Agent.Settings.WakeIntervalS);

        await OtaTests.WaitForAsync(() => gateway.Of<ReportedConfig>().Length == 2);
        ReportedConfig[] reports = gateway.Of<ReportedConfig>();
        Assert.Equal((5u, ConfigApplyResult.Applied), (reports[0].Config.ConfigVersion, reports[0].ApplyResult));
        Assert.Null(reports[0].RejectReason);
        // Rejected: the device echoes what it still runs (version 5) with the rejection and the validator's reason.
        Assert.Equal((5u, ConfigApplyResult.RejectedInvalid, 120u), (reports[1].Config.ConfigVersion, reports[1].ApplyResult, reports[1].Config.WakeIntervalS));
        Assert.Equal("wake_interval_s 5 outside 10-86400", reports[1].RejectReason);

        StatusMessage[] statuses = gateway.Of<StatusMessage>();
        Assert.Equal([DeviceState.Online, DeviceState.Sleeping, DeviceState.Online, DeviceState.Sleeping], statuses.Select(s => s.State));
        Assert.Equal(120u, statuses[^1].NextWakeS);
        Assert.Equal(statuses.Length, statuses.Select(s => s.Sequence).Distinct().Count());
        Assert.Empty(gateway.Rejected);
    }

    [Fact]
    public async Task QuietHours_FromTheDesiredConfig_AreValidatedAppliedAndReported()
    {
        await using Broker broker = await Broker.StartAsync();
        await using GatewayDouble gateway = await GatewayDouble.StartAsync(broker.Port);
        (_, byte[] publicPoint) = TestDevice.NewSigningKey();
        // Noon UTC on the device's clock: on the wall clock this test ran inside its own quiet window from 22:00
        // to 06:00 UTC, where the device rightly stays off the air and never hears the second config.
        var noon = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        using var device = new TestDevice("cam-quiet", broker.Port, noon, publicPoint);

        // 22:00 to 06:00 UTC: eight hours, across midnight.
        await gateway.PublishDesiredConfigAsync("cam-quiet",
            new DeviceConfig(5, 120, 2, 6500, DetectorKind.Face, "", 0, true, 1320, 360));
        await gateway.FlushAsync();
        WakeReport first = device.Agent.RunWake();
        Assert.Equal(0, first.ConfigResult);
        Assert.Equal((1320, 360), (device.Agent.Settings.QuietStartMin, device.Agent.Settings.QuietEndMin));

        // Twenty hours of quiet would keep the device off the air too long: rejected with the reason, nothing
        // applied, the eight-hour window stays.
        await gateway.PublishDesiredConfigAsync("cam-quiet",
            new DeviceConfig(6, 60, 2, 6500, DetectorKind.Face, "", 0, true, 120, 1320));
        await gateway.FlushAsync();
        device.Boot();
        WakeReport second = device.Agent.RunWake();
        Assert.Equal(1, second.ConfigResult);
        Assert.Equal((1320, 360, 120u), (device.Agent.Settings.QuietStartMin, device.Agent.Settings.QuietEndMin, device.Agent.Settings.WakeIntervalS));

        await OtaTests.WaitForAsync(() => gateway.Of<ReportedConfig>().Length == 2);
        ReportedConfig[] reports = gateway.Of<ReportedConfig>();
        Assert.Equal((ConfigApplyResult.Applied, (ushort?)1320, (ushort?)360, (string?)null),
            (reports[0].ApplyResult, reports[0].Config.QuietStartMin, reports[0].Config.QuietEndMin, reports[0].RejectReason));
        Assert.Equal((ConfigApplyResult.RejectedInvalid, 5u, (ushort?)1320, (ushort?)360),
            (reports[1].ApplyResult, reports[1].Config.ConfigVersion, reports[1].Config.QuietStartMin, reports[1].Config.QuietEndMin));
        Assert.Equal("quiet hours last 1200 min, more than 720", reports[1].RejectReason);
        Assert.Empty(gateway.Rejected);
    }

    [Fact]
    public async Task RadioBudget_StopsPublishing_AndTheRestGoesNextWake_InOrder()
    {
        await using Broker broker = await Broker.StartAsync();
        await using GatewayDouble gateway = await GatewayDouble.StartAsync(broker.Port);
        (_, byte[] publicPoint) = TestDevice.NewSigningKey();
        // On simulated time every radio step is charged exactly its modelled minimum, so the budget's arithmetic
        // is what is tested.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        using var device = new TestDevice("cam-budget", broker.Port, time, publicPoint, o => o.RadioBudgetMs = 1400);
        // Thirty detections wait in flash (as after a long outage).
        for (int i = 0; i < 30; i++)
        {
            var detection = new DetectionRecord { DeviceTimeMs = (ulong)i, Boxes = [new Fleet.Agent.Protocol.DetectionBox { X = (uint)i, Label = "face" }] };
            device.Agent.Queue.Enqueue(MessageTypes.Detection, AgentCodec.EncodeDetection("cam-budget", (uint)i, detection));
        }
        WakeReport first = device.Agent.RunWake();
        AgentOptions o = device.Options;
        // After connect and birth, a publish goes out while its charge plus the reserve still fit.
        int left = o.RadioBudgetMs - o.ConnectChargeMs - o.MessageChargeMs;
        int fits = (left - o.RadioReserveMs - o.MessageChargeMs) / o.MessageChargeMs + 1;
        Assert.True(first.BudgetExhausted);
        Assert.Equal(30 - fits, first.QueueLeft);
        Assert.True(first.RadioMs <= o.RadioBudgetMs, $"wake spent {first.RadioMs} ms of radio");
        int wakes = 1;
        while (device.Agent.Queue.Count > 0 && wakes < 50)
        {
            device.Boot(); // carried in flash, across a reboot too
            WakeReport report = device.Agent.RunWake();
            Assert.True(report.RadioMs <= 1400, $"wake spent {report.RadioMs} ms of radio");
            wakes++;
        }
        Assert.True(wakes >= 2);
        Assert.Equal(0, device.Agent.Queue.Count);
        await OtaTests.WaitForAsync(() => gateway.Of<DetectionEvent>().Length == 30);
        uint[] xs = gateway.Of<DetectionEvent>().Select(d => (uint)d.Boxes[0].X).ToArray();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (uint)i), xs);
    }

    [Fact]
    public void QuietHours_KeepTheRadioOff_ButSensingAndQueuingGoOn()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero));
        (_, byte[] publicPoint) = TestDevice.NewSigningKey();
        var initial = AgentOptions.DefaultSettings();
        initial.TelemetryEvery = 1;
        initial.QuietStartMin = 23 * 60; // 23:00 to 01:00 UTC, across midnight
        initial.QuietEndMin = 60;
        using var device = new TestDevice("cam-quiet", Broker.FreePort(), time, publicPoint, o => o.InitialSettings = initial);

        WakeReport night = device.Agent.RunWake();
        Assert.Equal("quiet hours", night.RadioSkipped);
        Assert.Equal(-1, night.ConnectResult);
        time.Advance(TimeSpan.FromHours(1)); // 00:30, still quiet
        Assert.Equal("quiet hours", device.Agent.RunWake().RadioSkipped);
        Assert.Equal(2, device.Agent.Queue.Count);

        time.Advance(TimeSpan.FromHours(1)); // 01:30: the radio is tried again (nobody listens on that port)
        WakeReport morning = device.Agent.RunWake();
        Assert.Equal("", morning.RadioSkipped);
        Assert.Equal((int)Ports.ConnectOutcome.Unreachable, morning.ConnectResult);
        Assert.Equal(3, device.Agent.Queue.Count);
    }
}
