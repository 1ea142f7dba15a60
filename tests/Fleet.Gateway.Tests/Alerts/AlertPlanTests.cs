// SPDX-License-Identifier: MIT
using Fleet.Gateway.Alerts;

namespace Fleet.Gateway.Tests.Alerts;

public sealed class AlertPlanTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AlertRecord Open(long id, string device, AlertKind kind) =>
        new(id, device, kind, AlertSeverity.Warning, T0, null, "x");

    private static AlertCondition Active(string device, AlertKind kind) =>
        new(device, kind, AlertSeverity.Warning, "x");

    [Fact]
    public void Between_ConditionAlreadyOpen_RaisesNothing()
    {
        var plan = AlertPlan.Between([Open(1, "a", AlertKind.LowBattery)], [Active("a", AlertKind.LowBattery)]);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Between_SameConditionTwice_RaisesOnce()
    {
        var plan = AlertPlan.Between([], [Active("a", AlertKind.Offline), Active("a", AlertKind.Offline)]);

        Assert.Single(plan.ToRaise);
    }

    [Fact]
    public void Between_ConditionGone_ClearsOnlyThatAlert()
    {
        var plan = AlertPlan.Between(
            [Open(1, "a", AlertKind.LowBattery), Open(2, "a", AlertKind.Offline), Open(3, "b", AlertKind.LowBattery)],
            [Active("a", AlertKind.Offline), Active("b", AlertKind.LowBattery), Active("b", AlertKind.UpdateFailed)]);

        Assert.Equal([1L], plan.ToClear.Select(a => a.Id));
        Assert.Equal([("b", AlertKind.UpdateFailed)], plan.ToRaise.Select(c => (c.DeviceId, c.Kind)));
    }
}
