// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Gateway.Alerts;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Tests.Alerts;

public sealed class AlertRulesTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlySet<AlertKind> None = new HashSet<AlertKind>();
    private readonly AlertRules _sut = new(Options.Create(new AlertOptions
    {
        LowBatteryPercent = 20, BatteryHysteresisPercent = 2, EmptyWithin = TimeSpan.FromDays(14),
    }));

    private static DeviceFleetState State(double? soc = 50, DeviceLivenessState state = DeviceLivenessState.Sleeping,
        BatteryDrainEstimate? drain = null) =>
        new("d", new DeviceLiveness(state, null, null, 0), Now, soc, drain);

    private IEnumerable<AlertKind> Kinds(DeviceFleetState s, LatestOtaResult? ota = null, IReadOnlySet<AlertKind>? open = null) =>
        _sut.Evaluate(s, ota, open ?? None, Now).Select(c => c.Kind);

    [Fact]
    public void Evaluate_Healthy_NoConditions() => Assert.Empty(Kinds(State()));

    [Fact]
    public void Evaluate_LowBattery_HoldsUntilAboveThresholdPlusHysteresis()
    {
        Assert.Contains(AlertKind.LowBattery, Kinds(State(soc: 19.9)));
        var open = new HashSet<AlertKind> { AlertKind.LowBattery };
        Assert.Contains(AlertKind.LowBattery, Kinds(State(soc: 21), open: open)); // wobble above 20 %: stays open
        Assert.DoesNotContain(AlertKind.LowBattery, Kinds(State(soc: 22), open: open));
        Assert.DoesNotContain(AlertKind.LowBattery, Kinds(State(soc: 21))); // not open: 21 % never raises
    }

    [Fact]
    public void Evaluate_ProjectedEmptyWithinWindow_BatteryEmptySoon()
    {
        BatteryDrainEstimate Drain(double days) => new(5, Now + TimeSpan.FromDays(days), 50, 10, Now.AddDays(-3));

        Assert.Contains(AlertKind.BatteryEmptySoon, Kinds(State(drain: Drain(13))));
        Assert.DoesNotContain(AlertKind.BatteryEmptySoon, Kinds(State(drain: Drain(15))));
    }

    [Fact]
    public void Evaluate_OfflineAndFailedUpdate_AreRaisedWithSeverity()
    {
        var conditions = _sut.Evaluate(State(state: DeviceLivenessState.Offline),
            new LatestOtaResult("d", 7, OtaResultCode.BadSignature, Now), None, Now);

        Assert.Equal(AlertSeverity.Critical, Assert.Single(conditions, c => c.Kind == AlertKind.Offline).Severity);
        Assert.Contains("BadSignature", Assert.Single(conditions, c => c.Kind == AlertKind.UpdateFailed).Detail);
        Assert.Empty(Kinds(State(), new LatestOtaResult("d", 8, OtaResultCode.Activated, Now)));
    }
}
