// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>A detection of any device (<c>/api/detections</c>): the fields of <see cref="DetectionDto"/> plus the
/// device id.</summary>
public sealed record FleetDetectionDto(
    long Id,
    uint Seq,
    DateTime ReceivedAt,
    DateTime DeviceTime,
    string Detector,
    IReadOnlyList<DetectionBoxDto> Boxes,
    string ModelId,
    uint ModelVersion,
    uint InferenceUs,
    uint InferenceMacs,
    uint EnergyUj,
    string DeviceId);
