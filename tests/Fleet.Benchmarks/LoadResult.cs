// SPDX-License-Identifier: MIT
namespace Fleet.Benchmarks;

/// <summary>What the devices sent in one phase: publishes attempted, PUBACKed, refused, and for how long.</summary>
public sealed record LoadResult(long Attempted, long Acked, long Refused, TimeSpan Duration);
