// SPDX-License-Identifier: MIT
using System.Data.Common;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Tables of the management side (alerts, desired configs). Kept apart from the core schema migrations, whose
/// numbered steps are being reworked for PostgreSQL, so the two changes do not collide: the statements are
/// idempotent (<c>IF NOT EXISTS</c>) and use types both engines accept (BIGINT for millisecond times, which
/// PostgreSQL's 32-bit INTEGER could not hold). Fold them into a numbered migration step once that settles.
/// </summary>
public static class ManagementSchema
{
    /// <summary>The DDL, run on every start; <c>{0}</c> is the provider's auto-increment key.</summary>
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS alerts (
            id              {0},
            device_id       TEXT NOT NULL,
            kind            TEXT NOT NULL,
            severity        TEXT NOT NULL,
            raised_at_ms    BIGINT NOT NULL,
            cleared_at_ms   BIGINT,
            detail          TEXT NOT NULL
        );
        -- De-duplication: at most one open alert per kind per device, whoever evaluates.
        CREATE UNIQUE INDEX IF NOT EXISTS alerts_open_device_kind ON alerts (device_id, kind)
            WHERE cleared_at_ms IS NULL;
        CREATE INDEX IF NOT EXISTS alerts_raised ON alerts (raised_at_ms);

        -- What the operator asked for; the device's answer stays in reported_configs.
        CREATE TABLE IF NOT EXISTS desired_configs (
            device_id           TEXT PRIMARY KEY NOT NULL,
            config_version      BIGINT NOT NULL,
            wake_interval_s     BIGINT NOT NULL,
            telemetry_every     INTEGER NOT NULL,
            score_threshold_pmy INTEGER NOT NULL,
            detector            INTEGER NOT NULL,
            model_id            TEXT NOT NULL,
            model_version       BIGINT NOT NULL,
            report_empty        INTEGER NOT NULL,
            updated_at_ms       BIGINT NOT NULL
        );
        """;

    public static async Task EnsureAsync(DbConnection connection, bool postgres, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        // SQLite's INTEGER PRIMARY KEY is the rowid (auto-assigned); PostgreSQL needs an identity column.
        command.CommandText = Sql.Replace("{0}",
            postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY", StringComparison.Ordinal);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
