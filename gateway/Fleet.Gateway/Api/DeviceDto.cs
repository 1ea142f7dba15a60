// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>One device as <c>GET /api/devices</c> returns it (camelCase JSON; times are UTC ISO-8601).</summary>
/// <param name="Id">The device id.</param>
/// <param name="LastSeen">When the gateway last stored a message from it; null if never.</param>
/// <param name="State"><c>online</c>, <c>sleeping</c> (including a little late), <c>offline</c> (will fired, or
/// it missed the configured number of planned wakes), <c>unknown</c> (no status yet) or <c>retired</c> (taken out
/// of service, see <paramref name="RetiredAt"/>).</param>
/// <param name="BatteryMv">Battery voltage of the latest telemetry, millivolts.</param>
/// <param name="StateOfChargePercent">State of charge, percent (soc_pm / 10).</param>
/// <param name="TemperatureC">Temperature of the latest telemetry, degrees Celsius.</param>
/// <param name="FirmwareVersion">Latest reported firmware version.</param>
/// <param name="NextWakeAt">When a sleeping device plans to wake (gateway clock); null otherwise.</param>
/// <param name="LastDetection">The latest detection event, if any.</param>
/// <param name="MissedWakes">Planned wakes the device has missed so far (0 while on time).</param>
/// <param name="DrainPercentPerDay">State of charge lost per day, percent, fitted over recent telemetry of the
/// current battery; null without enough data; negative while charging.</param>
/// <param name="ProjectedEmptyAt">When the battery is projected to reach 0 %; null unless it drains.</param>
/// <param name="OpenAlerts">Kinds of the device's open alerts (<c>lowBattery</c>, <c>batteryEmptySoon</c>,
/// <c>offline</c>, <c>updateFailed</c>, <c>dataDropped</c>).</param>
/// <param name="Labels">The device's labels (<c>PUT /api/devices/{id}/labels</c>), sorted; empty, never null.</param>
/// <param name="DroppedTelemetry">Telemetry items the device dropped from its queue since provisioning (latest
/// running total, key 16); null if it never reported one.</param>
/// <param name="DroppedDetections">Detections dropped likewise (key 17); null if never reported.</param>
/// <param name="WakeLedger">Charge per state of the wake before its latest telemetry with a ledger (key 15).</param>
/// <param name="RetiredAt">When an operator retired the device (<c>DELETE /api/devices/{id}</c>); null while it is
/// in service.</param>
public sealed record DeviceDto(
    string Id,
    DateTime? LastSeen,
    string State,
    int? BatteryMv,
    double? StateOfChargePercent,
    double? TemperatureC,
    string? FirmwareVersion,
    DateTime? NextWakeAt,
    DetectionSummaryDto? LastDetection,
    int MissedWakes,
    double? DrainPercentPerDay,
    DateTime? ProjectedEmptyAt,
    IReadOnlyList<string> OpenAlerts,
    IReadOnlyList<string> Labels,
    long? DroppedTelemetry = null,
    long? DroppedDetections = null,
    WakeLedgerDto? WakeLedger = null,
    DateTime? RetiredAt = null);
