// SPDX-License-Identifier: MIT
using Fleet.Gateway.Storage;

namespace Fleet.Gateway.ScaleOut;

/// <summary>
/// Leases in PostgreSQL's <c>scaleout_leases</c> (migration 5): a named right held by one instance until it expires.
/// Taking and renewing are one conditional upsert, so two instances racing for a lease cannot both win.
/// </summary>
public sealed class LeaseStore(FleetDatabase database)
{
    /// <summary>
    /// Takes <paramref name="name"/> for <paramref name="holder"/> until <paramref name="now"/> +
    /// <paramref name="duration"/> if it is free, expired or already theirs; false if another holder's lease runs.
    /// </summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText("""
            INSERT INTO scaleout_leases (name, holder, acquired_at_ms, expires_at_ms) VALUES (@name, @holder, @now, @expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms,
                acquired_at_ms = CASE WHEN scaleout_leases.holder = excluded.holder
                    THEN scaleout_leases.acquired_at_ms ELSE excluded.acquired_at_ms END
            WHERE scaleout_leases.holder = excluded.holder OR scaleout_leases.expires_at_ms <= @now
            RETURNING holder;
            """)
            .With("@name", name)
            .With("@holder", holder)
            .With("@now", nowMs)
            .With("@expires", nowMs + (long)duration.TotalMilliseconds);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Holders of expired leases whose name starts with <paramref name="prefix"/>.</summary>
    public async Task<List<(string Name, string Holder)>> ListExpiredAsync(string prefix, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText("""
            SELECT name, holder FROM scaleout_leases
            WHERE starts_with(name, @prefix) AND expires_at_ms <= @now ORDER BY name;
            """)
            .With("@prefix", prefix)
            .With("@now", now.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var expired = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            expired.Add((reader.GetString(0), reader.GetString(1)));
        }

        return expired;
    }

    /// <summary>Forgets <paramref name="name"/> if it is still expired (its holder may have come back meanwhile).</summary>
    public async Task<bool> DeleteIfExpiredAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand()
            .WithText("DELETE FROM scaleout_leases WHERE name = @name AND expires_at_ms <= @now;")
            .With("@name", name)
            .With("@now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
