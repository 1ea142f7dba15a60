// SPDX-License-Identifier: MIT
using System.Data.Common;
using Fleet.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.ScaleOut;

/// <summary>
/// Serialises rollout work across instances. In scale-out every instance handles the OTA requests and results its
/// share of the ingest stored, and any instance may take an operator's call, so each engine step runs under a
/// PostgreSQL transaction-level advisory lock and starts from the rollouts as stored (the engine reloads them).
/// The lock ends with the transaction: at the step's end, or when a dead instance's connection drops.
/// </summary>
public sealed class RolloutExclusion(FleetDatabase database, IOptions<ScaleOutOptions> options)
{
    /// <summary>Arbitrary but fixed: the advisory lock key of the rollout engine (ASCII "FLRO").</summary>
    public const long AdvisoryLockKey = 0x464C524F;

    public bool IsEnabled => options.Value.Enabled;

    /// <summary>Null without scale-out; otherwise the held lock, released when disposed.</summary>
    public async Task<IAsyncDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return null;
        }

        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand().WithText("SELECT pg_advisory_xact_lock(@key);")
                .With("@key", AdvisoryLockKey);
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new Held(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class Held(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Nothing was written in this transaction; ending it releases the lock.
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
