// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>
/// The gateway's ingest write path and schema: stored uplinks (deduplicated by <c>(device, type, seq)</c>),
/// migrations, telemetry retention and aggregates. <see cref="FleetStore"/> implements it on either
/// database with the same statements. The registry, the retained-message store and the API's reads use
/// <see cref="FleetDatabase"/> connections directly, with the same portable SQL.
/// </summary>
/// <remarks>
/// Thread-safe: every call opens its own connection. Infrastructure failures (a full disk, a dropped connection)
/// surface as the driver's exception; <see cref="StoreResilience"/> says which of them are worth a retry.
/// </remarks>
public interface IFleetStore
{
    /// <summary><c>Sqlite</c> or <c>Postgres</c> (the <c>Storage:Provider</c> value), for logs and metric tags.</summary>
    string ProviderName { get; }

    /// <summary>
    /// Applies the missing numbered migrations under a lock that makes concurrent callers (two gateways starting
    /// together) wait instead of racing; returns the schema version reached.
    /// </summary>
    /// <exception cref="InvalidOperationException">The schema is newer than this build understands.</exception>
    Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="messages"/> in order in one transaction: either every message is committed (or found
    /// to be a duplicate, or from an unknown device) or none is, which lets the caller acknowledge only after the
    /// commit. Returns one outcome per message.
    /// </summary>
    /// <param name="messages">Decoded, topic-checked uplinks.</param>
    /// <param name="receivedAt">The gateway's receive time, used as last seen and for retention.</param>
    /// <param name="cancellationToken">Cancels before the commit only.</param>
    Task<StoreOutcome[]> StoreBatchAsync(
        IReadOnlyList<FleetMessage> messages, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: rolls raw telemetry received before <see cref="RetentionCutoffs.RawTelemetryBefore"/>
    /// (a whole hour) into hourly aggregates and deletes it, deletes aggregates and detections older than their
    /// cutoffs.
    /// </summary>
    Task<RetentionResult> ApplyRetentionAsync(RetentionCutoffs cutoffs, CancellationToken cancellationToken);

    /// <summary>The hourly aggregates of a device, oldest first.</summary>
    Task<IReadOnlyList<HourlyTelemetryRecord>> GetHourlyTelemetryAsync(string deviceId,
        CancellationToken cancellationToken);
}
