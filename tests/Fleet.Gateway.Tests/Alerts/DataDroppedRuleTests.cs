// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Gateway.Alerts;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Tests.Alerts;

/// <summary>The rules for the optional v1 fields: drop counters rising, and OTA code 9 being no failure.</summary>
public sealed class DataDroppedRuleTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlySet<AlertKind> None = new HashSet<AlertKind>();
    private readonly AlertRules _sut = new(Options.Create(new AlertOptions()));

    private static DeviceFleetState State(DropCounters? drops) =>
        new("d", new DeviceLiveness(DeviceLivenessState.Sleeping, null, null, 0), Now, 50, null, drops);

    private IEnumerable<AlertKind> Kinds(DeviceFleetState s, LatestOtaResult? ota = null) =>
        _sut.Evaluate(s, ota, None, Now).Select(c => c.Kind);

    [Fact]
    public void Rise_in_either_counter_raises_data_dropped()
    {
        Assert.Contains(AlertKind.DataDropped, Kinds(State(new DropCounters(5, 0, 4, 0))));
        Assert.Contains(AlertKind.DataDropped, Kinds(State(new DropCounters(4, 3, 4, 2))));
    }

    [Fact]
    public void Unchanged_first_or_reset_counters_raise_nothing()
    {
        Assert.Empty(Kinds(State(null)));
        Assert.Empty(Kinds(State(new DropCounters(5, 2, 5, 2))));
        Assert.Empty(Kinds(State(new DropCounters(5, 2, null, null)))); // first report
        Assert.Empty(Kinds(State(new DropCounters(0, 0, 9, 9)))); // device wiped: totals restart
    }

    [Fact]
    public void Ota_code_9_is_not_an_update_failure()
    {
        Assert.Empty(Kinds(State(null), new LatestOtaResult("d", 3, OtaResultCode.DeferredLowBattery, Now)));
        Assert.Contains(AlertKind.UpdateFailed, Kinds(State(null), new LatestOtaResult("d", 3, OtaResultCode.RolledBack, Now)));
    }
}
