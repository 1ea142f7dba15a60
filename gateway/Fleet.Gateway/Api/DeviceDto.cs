// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>One device as <c>GET /api/devices</c> returns it (camelCase JSON; times are UTC ISO-8601).</summary>
/// <param name="Id">The device id.</param>
/// <param name="LastSeen">When the gateway last stored a message from it; null if never.</param>
/// <param name="State"><c>online</c>, <c>sleeping</c>, <c>offline</c> (will fired, or the planned wake is long
/// past) or <c>unknown</c> (no status yet).</param>
/// <param name="BatteryMv">Battery voltage of the latest telemetry, millivolts.</param>
/// <param name="StateOfChargePercent">State of charge, percent (soc_pm / 10).</param>
/// <param name="TemperatureC">Temperature of the latest telemetry, degrees Celsius.</param>
/// <param name="FirmwareVersion">Latest reported firmware version.</param>
/// <param name="NextWakeAt">When a sleeping device plans to wake (gateway clock); null otherwise.</param>
/// <param name="LastDetection">The latest detection event, if any.</param>
public sealed record DeviceDto(
    string Id,
    DateTime? LastSeen,
    string State,
    int? BatteryMv,
    double? StateOfChargePercent,
    double? TemperatureC,
    string? FirmwareVersion,
    DateTime? NextWakeAt,
    DetectionSummaryDto? LastDetection);
