// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>
/// A device's running totals of queued items it dropped (telemetry keys 16/17) in its latest telemetry that carried
/// them, and in the one before; a rise between the two means data was lost on the device since.
/// </summary>
public sealed record DropCounters(long? Telemetry, long? Detections, long? TelemetryBefore, long? DetectionsBefore)
{
    /// <summary>Telemetry items dropped between the two reports (0 without an earlier report).</summary>
    public long NewTelemetry => Rise(Telemetry, TelemetryBefore);

    /// <summary>Detections dropped between the two reports (0 without an earlier report).</summary>
    public long NewDetections => Rise(Detections, DetectionsBefore);

    // A total that went down is a reprovisioned or wiped device starting again, not a loss.
    private static long Rise(long? latest, long? before) =>
        latest is { } l && before is { } b && l > b ? l - b : 0;
}
