// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Gateway;

/// <summary>Desired against reported config (<c>GET /api/devices/{id}/config</c>).</summary>
public sealed record GatewayConfigStatus(
    GatewayDeviceConfig? Desired, DateTime? DesiredUpdatedAt, GatewayReportedConfig? Reported, bool InSync);

/// <summary>A device config (desired or reported).</summary>
public sealed record GatewayDeviceConfig(
    uint ConfigVersion,
    TimeSpan WakeInterval,
    int TelemetryEvery,
    int ScoreThresholdPmy,
    string Detector,
    string ModelId,
    uint ModelVersion,
    bool ReportEmpty,
    int? QuietStartMin = null,
    int? QuietEndMin = null);

/// <summary>What the device reported last; <see cref="ApplyResult"/> is <c>applied</c>, <c>rejectedInvalid</c> or
/// <c>rejectedModelMissing</c>.</summary>
public sealed record GatewayReportedConfig(
    GatewayDeviceConfig Config, string ApplyResult, DateTime ReceivedAt, string? RejectReason = null);

/// <summary>Body of <c>PUT /api/devices/{id}/config</c>; the gateway validates every field.</summary>
public sealed record GatewayConfigRequest(
    TimeSpan? WakeInterval,
    int? TelemetryEvery,
    int? ScoreThresholdPmy,
    string? Detector,
    string? ModelId,
    long? ModelVersion,
    bool? ReportEmpty,
    int? QuietStartMin,
    int? QuietEndMin);
