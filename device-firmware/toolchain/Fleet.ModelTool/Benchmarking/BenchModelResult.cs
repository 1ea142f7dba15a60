// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Benchmarking;

/// <summary>
/// One model in <c>bench</c>: flash_bytes = weights + biases (file_bytes is the whole .network), arena_bytes =
/// the C arena high-water mark; host inferences per second of the C engine (P/Invoke, preallocated buffers)
/// and of the C# reference on the same input; ratio = c / reference; outputs_match = both gave the same int8
/// outputs on the benchmark input.
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
    long ReferenceInferences,
    double ReferencePerSecond,
    double Ratio,
    bool OutputsMatch);
