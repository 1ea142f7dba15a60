// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>
/// Body of <c>PUT /api/devices/{id}/config</c>: the whole desired config (every field required; ranges of
/// docs/protocol.md types 4/5). The gateway picks the config version.
/// </summary>
/// <param name="WakeInterval">Time between wakes, whole seconds from 00:00:01 to 1.00:00:00.</param>
/// <param name="TelemetryEvery">Send telemetry on every N-th wake, 1–1000.</param>
/// <param name="ScoreThresholdPmy">Lowest box score reported, per myriad, 0–10000.</param>
/// <param name="Detector"><c>face</c>, <c>smile</c>, <c>thermalPerson</c> or <c>classifier</c>.</param>
/// <param name="ModelId">Model id, 0–31 characters of <c>[A-Za-z0-9._-]</c>.</param>
/// <param name="ModelVersion">Model version, 0–4294967295.</param>
/// <param name="ReportEmpty">Report wakes without a detection too.</param>
/// <param name="QuietStartMin">Optional quiet hours start, minute of the UTC day 0–1439; both or neither.</param>
/// <param name="QuietEndMin">Optional quiet hours end, 0–1439 (a start after the end crosses midnight).</param>
public sealed record DeviceConfigRequest(
    TimeSpan? WakeInterval,
    int? TelemetryEvery,
    int? ScoreThresholdPmy,
    string? Detector,
    string? ModelId,
    long? ModelVersion,
    bool? ReportEmpty,
    int? QuietStartMin = null,
    int? QuietEndMin = null);
