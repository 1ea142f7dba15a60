// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Gateway;

/// <summary>
/// One detection event. <see cref="DeviceId"/> is set by the fleet-wide endpoints (<c>/api/detections</c>); the
/// per-device one leaves it null.
/// </summary>
public sealed record GatewayDetection(
    long Id,
    uint Seq,
    DateTime ReceivedAt,
    DateTime DeviceTime,
    string Detector,
    IReadOnlyList<GatewayDetectionBox> Boxes,
    string ModelId,
    uint ModelVersion,
    uint InferenceUs,
    uint InferenceMacs,
    uint EnergyUj,
    string? DeviceId = null);

/// <summary>One box, in pixels of the captured frame; score 0–1.</summary>
public sealed record GatewayDetectionBox(int X, int Y, int Width, int Height, double Score, string Label);

/// <summary>A page of detections, newest first.</summary>
public sealed record GatewayDetectionPage(IReadOnlyList<GatewayDetection> Items, string? NextCursor);
