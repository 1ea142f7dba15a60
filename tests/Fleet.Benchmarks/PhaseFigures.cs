// SPDX-License-Identifier: MIT
namespace Fleet.Benchmarks;

/// <summary>
/// One phase: what the devices sent, what reached the end (subscriber or store), the end-to-end rate (delivered
/// ÷ time from the first publish to the last arrival) and the latency, over all messages and without those sent
/// in the first <see cref="IngestBenchmark.WarmUp"/> (a freshly started process is still compiling its hot path).
/// </summary>
public sealed record PhaseFigures(string Name, LoadResult Load, long Delivered, double MessagesPerSecond,
    LatencySummary Latency, LatencySummary SteadyLatency);
