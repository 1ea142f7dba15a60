// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Devices;

/// <summary>The latest status the gateway stored for a device (docs/protocol.md type 3).</summary>
/// <param name="State">The status's state; null if the device never sent one.</param>
/// <param name="LastSeen">When the gateway last stored a message from it (gateway clock).</param>
/// <param name="NextWakeAt">For <see cref="DeviceState.Sleeping"/>: receive time plus <c>next_wake_s</c>.</param>
/// <param name="PlannedSleep">The <c>next_wake_s</c> of that status: the device's wake period.</param>
public sealed record DeviceStatusSnapshot(
    DeviceState? State,
    DateTimeOffset? LastSeen,
    DateTimeOffset? NextWakeAt,
    TimeSpan PlannedSleep);
