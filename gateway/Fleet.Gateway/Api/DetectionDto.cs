// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>One stored detection event.</summary>
/// <param name="Id">Store id (increases with arrival).</param>
/// <param name="Seq">The device's sequence number.</param>
/// <param name="ReceivedAt">Gateway receive time (UTC).</param>
/// <param name="DeviceTime">The device's own clock at the event (UTC; may drift).</param>
/// <param name="Detector"><c>face</c>, <c>smile</c>, <c>thermalPerson</c> or <c>classifier</c>.</param>
/// <param name="Boxes">The boxes (0–16).</param>
/// <param name="ModelId">Model id.</param>
/// <param name="ModelVersion">Model version.</param>
/// <param name="InferenceUs">Inference wall time, µs.</param>
/// <param name="InferenceMacs">Multiply–accumulates of the inference.</param>
/// <param name="EnergyUj">Energy spent in the wake so far, µJ.</param>
public sealed record DetectionDto(
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
    uint EnergyUj);
