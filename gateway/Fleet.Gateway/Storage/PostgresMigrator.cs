// SPDX-License-Identifier: MIT
using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Fleet.Gateway.Storage;

/// <summary>Applies <see cref="PostgresSchema"/> to the PostgreSQL database of a <see cref="FleetDatabase"/>.</summary>
public static class PostgresMigrator
{
    /// <summary>
    /// The <c>pg_advisory_lock</c> key held while migrating ("FLEETMIG" in ASCII): a session lock, so a second
    /// gateway starting against the same database waits until the first has finished instead of racing it.
    /// </summary>
    public const long MigrationLockKey = 0x464C_4545_544D_4947;

    /// <summary>Migrates the database under the advisory lock and returns the version reached.</summary>
    /// <exception cref="InvalidOperationException">The schema is newer than this build understands.</exception>
    public static async Task<int> MigrateAsync(FleetDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = FleetStore.Command(connection, null, "SELECT pg_advisory_lock(@key);"))
        {
            FleetStore.Add(lockCommand, "@key", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using (var create = FleetStore.Command(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version       BIGINT PRIMARY KEY,
                    name          TEXT NOT NULL,
                    applied_at_ms BIGINT NOT NULL
                );
                """))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var migrations = PostgresSchema.Migrations;
            var version = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (version > migrations.Count)
            {
                throw new InvalidOperationException(
                    $"The database schema version {version} is newer than this gateway understands ({migrations.Count}).");
            }

            foreach (var migration in migrations)
            {
                if (migration.Version <= version)
                {
                    continue;
                }

                // DDL is transactional in PostgreSQL: a step and its record commit together or not at all.
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken)
                    .ConfigureAwait(false);
                await using (var step = FleetStore.Command(connection, transaction, migration.Sql))
                {
                    await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var record = FleetStore.Command(connection, transaction,
                    "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (@version, @name, @now);"))
                {
                    FleetStore.Add(record, "@version", (long)migration.Version);
                    FleetStore.Add(record, "@name", migration.Name);
                    FleetStore.Add(record, "@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                version = migration.Version;
            }

            return version;
        }
        finally
        {
            await UnlockAsync(connection).ConfigureAwait(false);
        }
    }

    private static async Task UnlockAsync(DbConnection connection)
    {
        try
        {
            // Unlocking explicitly returns a clean session to the pool.
            await using var unlock = FleetStore.Command(connection, null, "SELECT pg_advisory_unlock(@key);");
            FleetStore.Add(unlock, "@key", MigrationLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The session is gone, and a session lock dies with it; the migration's own error is the one to report.
        }
    }

    private static async Task<int> ReadVersionAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = FleetStore.Command(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;");
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
