// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Benchmarking;

/// <summary><c>bench</c> output: the host it ran on, the time spent per engine per model, and the figures.</summary>
public sealed record BenchResult(
    string Cpu,
    int LogicalCores,
    string Os,
    string Runtime,
    double SecondsPerEngine,
    IReadOnlyList<BenchModelResult> Models);
