// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>inspect</c> output for a Fleet-format model (format "fleet"): identity, the SHA-256 as stored (hash_verified:
/// the loader recomputed it and it matched, which inspect requires), scheme, input [h, w, c] and its spec, output
/// shape [h, w, c], labels, MACs, the weight section's bytes, and the two figures the header states and the
/// loader verifies: arena_bytes (RAM) and flash_bytes (the whole blob). arena_high_water is what this host's load
/// actually took (at most arena_bytes).
/// </summary>
public sealed record FleetInspectResult(
    string Model,
    string Format,
    long FileBytes,
    string ModelId,
    uint ModelVersion,
    string Sha256,
    bool HashVerified,
    string Scheme,
    IReadOnlyList<int> Input,
    FleetInspectInput InputSpec,
    IReadOnlyList<int> OutputShape,
    int Outputs,
    IReadOnlyList<string> Labels,
    long Macs,
    long WeightBytes,
    long ArenaBytes,
    long FlashBytes,
    long ArenaHighWater,
    IReadOnlyList<FleetInspectLayer> Layers);
