// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Ingest;

/// <summary>Whether one log line may be written now, and how many were dropped in the previous window.</summary>
public readonly record struct LogPermit(bool Allowed, long SuppressedBefore);
