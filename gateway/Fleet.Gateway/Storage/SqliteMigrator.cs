// SPDX-License-Identifier: MIT
using System.Data.Common;
using System.Globalization;

namespace Fleet.Gateway.Storage;

/// <summary>Applies <see cref="SqliteSchema"/> to the SQLite file of a <see cref="FleetDatabase"/> (WAL mode).</summary>
public static class SqliteMigrator
{
    /// <summary>
    /// Migrates the file and returns the version reached. The lock is SQLite's own: each step runs in a BEGIN IMMEDIATE transaction that re-reads the
    /// version first, so a second gateway on the same file waits, then finds the step done. Files of the first build
    /// (no <c>schema_migrations</c>, <c>user_version</c> 1) are adopted as version 1. <c>user_version</c> keeps
    /// following the version so an older build refuses a newer file instead of misreading it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file is newer than this build understands.</exception>
    public static async Task<int> MigrateAsync(FleetDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        Directory.CreateDirectory(database.DataDirectory);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var wal = connection.CreateCommand())
        {
            // WAL is a property of the file, so setting it once here covers every later connection.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        await AdoptUserVersionAsync(connection, cancellationToken).ConfigureAwait(false);

        var migrations = SqliteSchema.Migrations;
        var version = 0;
        foreach (var migration in migrations)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken)
                .ConfigureAwait(false);
            version = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            ThrowIfNewer(version, migrations.Count);
            if (version >= migration.Version)
            {
                continue;
            }

            await using var command = FleetStore.Command(connection, transaction, migration.Sql + $"""

                INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (@version, @name, @now);
                PRAGMA user_version = {migration.Version.ToString(CultureInfo.InvariantCulture)};
                """);
            FleetStore.Add(command, "@version", (long)migration.Version);
            FleetStore.Add(command, "@name", migration.Name);
            FleetStore.Add(command, "@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            version = migration.Version;
        }

        version = await ReadVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        ThrowIfNewer(version, migrations.Count);
        return version;
    }

    private static async Task AdoptUserVersionAsync(DbConnection connection, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var create = FleetStore.Command(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version       INTEGER PRIMARY KEY NOT NULL,
                name          TEXT NOT NULL,
                applied_at_ms INTEGER NOT NULL
            ) STRICT;
            """))
        {
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        long userVersion, recorded;
        await using (var read = FleetStore.Command(connection, transaction,
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT COUNT(*) FROM schema_migrations);"))
        await using (var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            await reader.ReadAsync(ct).ConfigureAwait(false);
            userVersion = reader.GetInt64(0);
            recorded = reader.GetInt64(1);
        }

        // Only the first build's files get here with steps applied but none recorded.
        for (var v = 1; recorded == 0 && v <= userVersion && v <= SqliteSchema.Migrations.Count; v++)
        {
            await using var adopt = FleetStore.Command(connection, transaction,
                "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (@version, @name, @now);");
            FleetStore.Add(adopt, "@version", (long)v);
            FleetStore.Add(adopt, "@name", SqliteSchema.Migrations[v - 1].Name + " (adopted from PRAGMA user_version)");
            FleetStore.Add(adopt, "@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await adopt.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        ThrowIfNewer((int)userVersion, SqliteSchema.Migrations.Count);
    }

    private static async Task<int> ReadVersionAsync(DbConnection connection, DbTransaction? transaction,
        CancellationToken ct)
    {
        await using var command = FleetStore.Command(connection, transaction,
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;");
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static void ThrowIfNewer(int version, int known)
    {
        if (version > known)
        {
            throw new InvalidOperationException(
                $"The database schema version {version} is newer than this gateway understands ({known}).");
        }
    }
}
