// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Ingest;

/// <summary>Counters since start: messages stored, and refusals by §4 reason name (every reason present).</summary>
public sealed record IngestStatsSnapshot(long Accepted, IReadOnlyDictionary<string, long> Rejected);
