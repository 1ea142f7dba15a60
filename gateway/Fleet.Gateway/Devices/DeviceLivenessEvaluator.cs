// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Devices;

/// <summary>
/// Derives a device's state from its latest status and the gateway's clock, against its own wake schedule: a
/// sleeping device is <c>offline</c> only once it has missed
/// <see cref="FleetStateOptions.MissedWakesBeforeOffline"/> planned wakes plus
/// <see cref="FleetStateOptions.OfflineGrace"/>, never merely because it is asleep (a device that sleeps for a
/// day is fine after 23 hours of silence). Pure and thread-safe.
/// </summary>
public sealed class DeviceLivenessEvaluator(IOptions<FleetStateOptions> options)
{
    public DeviceLiveness Evaluate(DeviceStatusSnapshot status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var o = options.Value;
        switch (status.State)
        {
            case null:
                return new DeviceLiveness(DeviceLivenessState.Unknown, null, null, 0);
            case DeviceState.Online:
                return new DeviceLiveness(DeviceLivenessState.Online, null, null, 0);
            case DeviceState.Sleeping when status.NextWakeAt is { } wake:
            {
                // Wakes after the first missed one follow the same period (the device keeps its schedule when a
                // connect fails); a zero period would make every later wake the same instant, so use a second.
                var period = status.PlannedSleep > TimeSpan.Zero ? status.PlannedSleep : TimeSpan.FromSeconds(1);
                var offlineAt = wake + period * (o.MissedWakesBeforeOffline - 1) + o.OfflineGrace;
                var missed = now <= wake ? 0 : 1 + (int)Math.Min(int.MaxValue - 1, (now - wake) / period);
                return now > offlineAt
                    ? new DeviceLiveness(DeviceLivenessState.Offline, null, offlineAt, missed)
                    : new DeviceLiveness(DeviceLivenessState.Sleeping, wake, offlineAt, missed);
            }

            default:
                // The will (docs/protocol.md §1.2: the link died without DISCONNECT), or a sleeping status
                // without a wake time, which the store never writes.
                return new DeviceLiveness(DeviceLivenessState.Offline, null, null, 0);
        }
    }
}
