// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Benchmarking;

/// <summary>
/// One model in <c>bench</c>: for a .network, flash_bytes = weights + biases (file_bytes is the whole file) and
/// arena_bytes = the C arena high-water mark; for a Fleet model (format "fleet"), flash_bytes = the whole blob
/// (it stays in flash) and arena_bytes = the header's loader-verified figure. Host inferences per second of the
/// C engine (P/Invoke, preallocated buffers) and of the C# reference on the same input; ratio = c / reference;
/// outputs_match = both gave the same int8 outputs on the benchmark input. The C# reference covers .network
/// only, so a Fleet model's reference fields are null.
/// </summary>
public sealed record BenchModelResult(
    string Model,
    string Mode,
    long Macs,
    long FileBytes,
    long FlashBytes,
    long ArenaBytes,
    long CInferences,
    double CPerSecond,
    long? ReferenceInferences,
    double? ReferencePerSecond,
    double? Ratio,
    bool? OutputsMatch,
    string Format = "network");
