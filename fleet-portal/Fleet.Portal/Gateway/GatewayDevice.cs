// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Gateway;

/// <summary>
/// A device as the gateway's <c>GET /api/devices</c> returns it (docs/gateway-api.md); <see cref="RetiredAt"/> is
/// set only on a retired device, which the list leaves out and the single-device answer still gives.
/// <see cref="Labels"/> is sorted; null only from a gateway that has no labels yet (read it through
/// <see cref="LabelList"/>).
/// </summary>
public sealed record GatewayDevice(
    string Id,
    DateTime? LastSeen,
    string State,
    int? BatteryMv,
    double? StateOfChargePercent,
    double? TemperatureC,
    string? FirmwareVersion,
    DateTime? NextWakeAt,
    GatewayDetectionSummary? LastDetection,
    int MissedWakes,
    double? DrainPercentPerDay,
    DateTime? ProjectedEmptyAt,
    IReadOnlyList<string> OpenAlerts,
    long? DroppedTelemetry = null,
    long? DroppedDetections = null,
    GatewayWakeLedger? WakeLedger = null,
    DateTime? RetiredAt = null,
    IReadOnlyList<string>? Labels = null)
{
    /// <summary>The labels, empty when none.</summary>
    public IReadOnlyList<string> LabelList => Labels ?? [];
}

/// <summary>The latest detection of a device.</summary>
public sealed record GatewayDetectionSummary(DateTime Time, string Detector, int Boxes, string? TopLabel, double? TopScore);

/// <summary>Charge per state of one wake (microcoulombs), in the firmware's ledger order.</summary>
public sealed record GatewayWakeLedger(DateTime? ReceivedAt, IReadOnlyDictionary<string, long> ChargeUc, long TotalUc);

/// <summary>A device's labels (body and answer of <c>PUT /api/devices/{id}/labels</c>).</summary>
public sealed record GatewayDeviceLabels(IReadOnlyList<string> Labels);
