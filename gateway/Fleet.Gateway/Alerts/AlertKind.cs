// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Alerts;

/// <summary>What an alert is about; at most one open alert per kind per device.</summary>
public enum AlertKind
{
    /// <summary>State of charge below <see cref="AlertOptions.LowBatteryPercent"/>.</summary>
    LowBattery,

    /// <summary>The drain fit projects an empty battery within <see cref="AlertOptions.EmptyWithin"/>.</summary>
    BatteryEmptySoon,

    /// <summary>The device missed its planned wakes, or its will fired (see <c>DeviceLivenessEvaluator</c>).</summary>
    Offline,

    /// <summary>The latest OTA result of the device is a failure (any code but activated or deferred, 9).</summary>
    UpdateFailed,

    /// <summary>The device's drop counters (telemetry keys 16/17) rose between its last two reports: it lost data.</summary>
    DataDropped,
}
