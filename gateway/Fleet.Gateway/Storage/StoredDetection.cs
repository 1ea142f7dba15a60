// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>A stored detection event (docs/protocol.md type 1) with its store id.</summary>
public sealed record StoredDetection(
    long Id,
    uint Sequence,
    DateTimeOffset ReceivedAt,
    ulong DeviceTimeMs,
    DetectorKind Detector,
    IReadOnlyList<DetectionBox> Boxes,
    string ModelId,
    uint ModelVersion,
    uint InferenceUs,
    uint InferenceMacs,
    uint EnergyUj);
