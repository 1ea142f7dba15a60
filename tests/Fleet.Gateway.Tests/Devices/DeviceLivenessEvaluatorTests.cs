// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Gateway.Devices;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Gateway.Tests.Devices;

public sealed class DeviceLivenessEvaluatorTests
{
    private static readonly TimeSpan Sleep = TimeSpan.FromHours(6);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private DeviceLivenessEvaluator Sut(int missedWakes = 2, double graceMinutes = 1) =>
        new(Options.Create(new FleetStateOptions
        {
            MissedWakesBeforeOffline = missedWakes,
            OfflineGrace = TimeSpan.FromMinutes(graceMinutes),
        }));

    private DeviceStatusSnapshot WentToSleepNow() =>
        new(DeviceState.Sleeping, _time.GetUtcNow(), _time.GetUtcNow() + Sleep, Sleep);

    [Fact]
    public void Evaluate_AsleepLongerThanAnyFixedTimeout_IsSleepingNotOffline()
    {
        var status = WentToSleepNow();
        _time.Advance(Sleep - TimeSpan.FromSeconds(1)); // six hours of silence: asleep as planned

        var liveness = Sut().Evaluate(status, _time.GetUtcNow());

        Assert.Equal(DeviceLivenessState.Sleeping, liveness.State);
        Assert.Equal(0, liveness.MissedWakes);
        Assert.Equal(status.NextWakeAt, liveness.NextWakeAt);
    }

    [Fact]
    public void Evaluate_OneWakeMissedWithTwoAllowed_StillSleepingAndCountsIt()
    {
        var status = WentToSleepNow();
        _time.Advance(Sleep + TimeSpan.FromHours(1));

        var liveness = Sut().Evaluate(status, _time.GetUtcNow());

        Assert.Equal(DeviceLivenessState.Sleeping, liveness.State);
        Assert.Equal(1, liveness.MissedWakes);
        Assert.Equal(status.NextWakeAt + Sleep + TimeSpan.FromMinutes(1), liveness.OfflineAt);
    }

    [Fact]
    public void Evaluate_MissedWakesPlusGracePassed_IsOffline()
    {
        var status = WentToSleepNow();
        _time.Advance(Sleep * 2 + TimeSpan.FromMinutes(1)); // exactly at the deadline: not yet
        Assert.Equal(DeviceLivenessState.Sleeping, Sut().Evaluate(status, _time.GetUtcNow()).State);

        _time.Advance(TimeSpan.FromSeconds(1));
        var liveness = Sut().Evaluate(status, _time.GetUtcNow());

        Assert.Equal(DeviceLivenessState.Offline, liveness.State);
        Assert.Equal(2, liveness.MissedWakes);
    }

    [Fact]
    public void Evaluate_OneMissedWakeAllowed_OfflineAfterFirstWakePlusGrace()
    {
        var status = WentToSleepNow();
        _time.Advance(Sleep + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(DeviceLivenessState.Offline, Sut(missedWakes: 1, graceMinutes: 5).Evaluate(status, _time.GetUtcNow()).State);
    }

    [Fact]
    public void Evaluate_BirthAfterBeingOffline_IsOnlineAgain()
    {
        var status = WentToSleepNow();
        _time.Advance(Sleep * 5);
        Assert.Equal(DeviceLivenessState.Offline, Sut().Evaluate(status, _time.GetUtcNow()).State);

        var birth = new DeviceStatusSnapshot(DeviceState.Online, _time.GetUtcNow(), null, TimeSpan.Zero);

        Assert.Equal(DeviceLivenessState.Online, Sut().Evaluate(birth, _time.GetUtcNow()).State);
    }

    [Fact]
    public void Evaluate_WillFired_IsOffline()
    {
        var will = new DeviceStatusSnapshot(DeviceState.Offline, _time.GetUtcNow(), null, TimeSpan.Zero);

        Assert.Equal(DeviceLivenessState.Offline, Sut().Evaluate(will, _time.GetUtcNow()).State);
    }

    [Fact]
    public void Evaluate_NoStatusYet_IsUnknown()
    {
        var none = new DeviceStatusSnapshot(null, null, null, TimeSpan.Zero);

        Assert.Equal("unknown", Sut().Evaluate(none, _time.GetUtcNow()).StateName);
    }
}
