// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>What the gateway knows of one device's health at one instant (input of the alert rules).</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Liveness">State against its wake schedule.</param>
/// <param name="LastSeen">When the gateway last stored a message from it.</param>
/// <param name="SocPercent">State of charge of the latest telemetry, percent.</param>
/// <param name="Drain">Fitted drain rate and projected empty date; null without enough telemetry.</param>
/// <param name="Drops">The device's drop counters (telemetry keys 16/17); null if it never reported them.</param>
public sealed record DeviceFleetState(
    string DeviceId,
    DeviceLiveness Liveness,
    DateTimeOffset? LastSeen,
    double? SocPercent,
    BatteryDrainEstimate? Drain,
    DropCounters? Drops = null);
