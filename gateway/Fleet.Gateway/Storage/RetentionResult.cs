// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Storage;

/// <summary>Rows one retention sweep touched.</summary>
/// <param name="RawTelemetryRolledUp">Raw telemetry rows folded into aggregates and deleted.</param>
/// <param name="HourlyTelemetryDeleted">Expired hourly aggregates deleted.</param>
/// <param name="DetectionsDeleted">Expired detections deleted.</param>
public sealed record RetentionResult(long RawTelemetryRolledUp, long HourlyTelemetryDeleted, long DetectionsDeleted);
