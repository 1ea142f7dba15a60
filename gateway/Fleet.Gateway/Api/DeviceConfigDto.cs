// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>A device config (desired or reported), fields as in <see cref="DeviceConfigRequest"/>.</summary>
/// <param name="ConfigVersion">Chosen by the gateway; the device echoes the one it applied.</param>
/// <param name="WakeInterval">Time between wakes.</param>
/// <param name="TelemetryEvery">Telemetry on every N-th wake.</param>
/// <param name="ScoreThresholdPmy">Lowest box score reported, per myriad.</param>
/// <param name="Detector">Detector name.</param>
/// <param name="ModelId">Model id.</param>
/// <param name="ModelVersion">Model version.</param>
/// <param name="ReportEmpty">Report wakes without a detection too.</param>
/// <param name="QuietStartMin">Quiet hours start (minute of the UTC day); null for no quiet hours.</param>
/// <param name="QuietEndMin">Quiet hours end (minute of the UTC day); null for no quiet hours.</param>
public sealed record DeviceConfigDto(
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
