// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Sim.VirtualSensors;

/// <summary>One simulated detector run: the boxes it found (above threshold), how long it ran and how much it computed.</summary>
internal sealed record SimulatedDetection(
    DetectorKind Detector,
    IReadOnlyList<DetectionBox> Boxes,
    string ModelId,
    uint ModelVersion,
    TimeSpan InferenceTime,
    uint InferenceMacs);
