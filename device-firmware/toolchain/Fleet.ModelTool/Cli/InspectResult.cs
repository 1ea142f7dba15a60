// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>inspect</c> output. Input is [h, w, c]. weight_bytes = weights + biases (what lives in flash besides the
/// 8-byte header and layer records); arena_bytes = the C arena's high-water mark after load + one run's
/// scratch (persistent layer table + scratch + alignment). format is "network" (a Fleet model gives a
/// <see cref="FleetInspectResult"/> instead).
/// </summary>
public sealed record InspectResult(
    string Model,
    long FileBytes,
    IReadOnlyList<int> Input,
    int Outputs,
    long Macs,
    long WeightBytes,
    long ArenaBytes,
    long PersistentBytes,
    long ScratchBytes,
    IReadOnlyList<InspectLayer> Layers,
    string Format = "network");
