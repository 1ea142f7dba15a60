// SPDX-License-Identifier: MIT
using System.Data;
using System.Data.Common;
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>
/// <see cref="IFleetStore"/> on SQLite or PostgreSQL. The statements are written in the common subset of both
/// (<c>@name</c> parameters, <c>ON CONFLICT</c>, integer division, <c>CASE</c> instead of <c>min()</c>/<c>LEAST</c>),
/// so the providers differ only in how they connect (<see cref="FleetDatabase"/>) and migrate
/// (<see cref="SqliteMigrator"/>, <see cref="PostgresMigrator"/>), and cannot drift apart in behaviour.
/// </summary>
public sealed partial class FleetStore(FleetDatabase database) : IFleetStore
{
    private const long MillisecondsPerHour = 3_600_000;

    public string ProviderName => database.ProviderName;

    public Task<int> MigrateAsync(CancellationToken cancellationToken) => database.IsPostgres
        ? PostgresMigrator.MigrateAsync(database, cancellationToken)
        : SqliteMigrator.MigrateAsync(database, cancellationToken);

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => database.OpenAsync(cancellationToken);

    public async Task<RetentionResult> ApplyRetentionAsync(RetentionCutoffs cutoffs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The hour is bucketed on the receive time; sums (not averages) and CASE-based min/max let a bucket that
        // already exists (clock stepped back, late rows) absorb the new rows exactly.
        await using (var rollUp = Command(connection, transaction, $"""
            INSERT INTO telemetry_hourly (device_id, hour_start_ms, samples,
                battery_mv_min, battery_mv_max, battery_mv_sum, soc_pm_min, soc_pm_max, soc_pm_sum,
                temperature_cc_min, temperature_cc_max, temperature_cc_sum)
            SELECT device_id, (received_at_ms / {MillisecondsPerHour}) * {MillisecondsPerHour}, COUNT(*),
                MIN(battery_mv), MAX(battery_mv), CAST(SUM(battery_mv) AS BIGINT),
                MIN(soc_pm), MAX(soc_pm), CAST(SUM(soc_pm) AS BIGINT),
                MIN(temperature_cc), MAX(temperature_cc), CAST(SUM(temperature_cc) AS BIGINT)
            FROM telemetry
            WHERE received_at_ms < @raw
            GROUP BY device_id, (received_at_ms / {MillisecondsPerHour}) * {MillisecondsPerHour}
            ON CONFLICT (device_id, hour_start_ms) DO UPDATE SET
                samples = telemetry_hourly.samples + excluded.samples,
                battery_mv_min = {Least("battery_mv_min")}, battery_mv_max = {Greatest("battery_mv_max")},
                battery_mv_sum = telemetry_hourly.battery_mv_sum + excluded.battery_mv_sum,
                soc_pm_min = {Least("soc_pm_min")}, soc_pm_max = {Greatest("soc_pm_max")},
                soc_pm_sum = telemetry_hourly.soc_pm_sum + excluded.soc_pm_sum,
                temperature_cc_min = {Least("temperature_cc_min")}, temperature_cc_max = {Greatest("temperature_cc_max")},
                temperature_cc_sum = telemetry_hourly.temperature_cc_sum + excluded.temperature_cc_sum;
            """))
        {
            Add(rollUp, "@raw", cutoffs.RawTelemetryBefore.ToUnixTimeMilliseconds());
            await rollUp.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var rolled = await DeleteBeforeAsync(connection, transaction, "telemetry", "received_at_ms",
            cutoffs.RawTelemetryBefore, cancellationToken).ConfigureAwait(false);
        var hourly = await DeleteBeforeAsync(connection, transaction, "telemetry_hourly", "hour_start_ms",
            cutoffs.HourlyTelemetryBefore, cancellationToken).ConfigureAwait(false);
        var detections = await DeleteBeforeAsync(connection, transaction, "detections", "received_at_ms",
            cutoffs.DetectionsBefore, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RetentionResult(rolled, hourly, detections);
    }

    public async Task<IReadOnlyList<HourlyTelemetryRecord>> GetHourlyTelemetryAsync(string deviceId,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT device_id, hour_start_ms, samples, battery_mv_min, battery_mv_max, battery_mv_sum,
                soc_pm_min, soc_pm_max, soc_pm_sum, temperature_cc_min, temperature_cc_max, temperature_cc_sum
            FROM telemetry_hourly WHERE device_id = @id ORDER BY hour_start_ms;
            """);
        Add(command, "@id", deviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<HourlyTelemetryRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new HourlyTelemetryRecord(reader.GetString(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetInt64(2),
                reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8),
                reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11)));
        }

        return rows;
    }

    private static string Least(string column) =>
        $"CASE WHEN excluded.{column} < telemetry_hourly.{column} THEN excluded.{column} ELSE telemetry_hourly.{column} END";

    private static string Greatest(string column) =>
        $"CASE WHEN excluded.{column} > telemetry_hourly.{column} THEN excluded.{column} ELSE telemetry_hourly.{column} END";

    private static async Task<long> DeleteBeforeAsync(DbConnection connection, DbTransaction transaction,
        string table, string column, DateTimeOffset before, CancellationToken ct)
    {
        // Table and column names are constants of this class, never input.
        await using var command = Command(connection, transaction, $"DELETE FROM {table} WHERE {column} < @before;");
        Add(command, "@before", before.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A command on <paramref name="connection"/>, enlisted in <paramref name="transaction"/> if any.</summary>
    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds a parameter; null becomes a typed SQL NULL so PostgreSQL need not guess its type.</summary>
    internal static void Add(DbCommand command, string name, object? value, DbType nullType = DbType.Int64)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (value is null)
        {
            parameter.DbType = nullType;
            parameter.Value = DBNull.Value;
        }
        else
        {
            parameter.Value = value;
        }

        command.Parameters.Add(parameter);
    }
}
