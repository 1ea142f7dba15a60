namespace Fleet.Contracts.Messages;

/// <summary>Type 1, <c>up/detection</c>.</summary>
public sealed record DetectionEvent(
    string DeviceId,
    uint Sequence,
    ulong DeviceTimeMs,
    DetectorKind Detector,
    IReadOnlyList<DetectionBox> Boxes,
    string ModelId,
    uint ModelVersion,
    uint InferenceUs,
    uint InferenceMacs,
    uint EnergyUj) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.Detection;

    // Records compare lists by reference; messages must compare by content (decode == original).
    public bool Equals(DetectionEvent? other) =>
        other is not null && base.Equals(other) && Sequence == other.Sequence && DeviceTimeMs == other.DeviceTimeMs
        && Detector == other.Detector && Boxes.SequenceEqual(other.Boxes) && ModelId == other.ModelId
        && ModelVersion == other.ModelVersion && InferenceUs == other.InferenceUs
        && InferenceMacs == other.InferenceMacs && EnergyUj == other.EnergyUj;

    public override int GetHashCode() => HashCode.Combine(DeviceId, Sequence, DeviceTimeMs, Boxes.Count, ModelId);
}
