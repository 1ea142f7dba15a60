// SPDX-License-Identifier: MIT
using System.Data.Common;
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Desired configs (<c>desired_configs</c>, <see cref="ManagementSchema"/>) and reads of the reported ones
/// (<c>reported_configs</c>, written by ingest). Thread-safe.
/// </summary>
public sealed class DeviceConfigStore(FleetDatabase database)
{
    private const string ConfigColumns = """
        config_version, wake_interval_s, telemetry_every, score_threshold_pmy, detector, model_id, model_version,
        report_empty, quiet_start_min, quiet_end_min
        """;

    /// <summary>The operator's desired config of a device, or null if none was set through the API.</summary>
    public async Task<StoredDesiredConfig?> GetDesiredAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand()
            .WithText($"SELECT {ConfigColumns}, updated_at_ms FROM desired_configs WHERE device_id = @device;")
            .With("@device", deviceId, System.Data.DbType.String);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredDesiredConfig(ReadConfig(reader), DbCommandExtensions.FromUnixMs(reader.GetLong(10)))
            : null;
    }

    /// <summary>The config the device last reported, or null if it never did.</summary>
    public async Task<StoredReportedConfig?> GetReportedAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand()
            .WithText($"SELECT {ConfigColumns}, apply_result, received_at_ms, reject_reason FROM reported_configs WHERE device_id = @device;")
            .With("@device", deviceId, System.Data.DbType.String);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredReportedConfig(ReadConfig(reader), (ConfigApplyResult)(int)reader.GetLong(10),
                DbCommandExtensions.FromUnixMs(reader.GetLong(11)), reader.IsDBNull(12) ? null : reader.GetString(12))
            : null;
    }

    /// <summary>
    /// Stores <paramref name="config"/> as the device's desired config under a new version: one above both the
    /// last desired and the last reported version, so the device (which echoes the version it applied) can
    /// never confuse it with an older one, even after the table was lost. Returns the config with that version.
    /// </summary>
    public async Task<DeviceConfig> SaveDesiredAsync(
        string deviceId, DeviceConfig config, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using var read = connection.CreateCommand().WithText("""
            SELECT MAX(v) FROM (
                SELECT config_version AS v FROM desired_configs WHERE device_id = @device
                UNION ALL SELECT config_version FROM reported_configs WHERE device_id = @device) AS versions;
            """)
            .With("@device", deviceId, System.Data.DbType.String);
        read.Transaction = transaction;
        var current = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        var last = current is null or DBNull ? 0L : Convert.ToInt64(current, System.Globalization.CultureInfo.InvariantCulture);
        var versioned = config with { ConfigVersion = (uint)Math.Min(last + 1, uint.MaxValue) };

        await using var write = connection.CreateCommand().WithText($"""
            INSERT INTO desired_configs (device_id, {ConfigColumns}, updated_at_ms)
            VALUES (@device, @version, @wake, @every, @threshold, @detector, @model, @modelv, @empty, @qstart, @qend,
                @now)
            ON CONFLICT (device_id) DO UPDATE SET config_version = excluded.config_version,
                wake_interval_s = excluded.wake_interval_s, telemetry_every = excluded.telemetry_every,
                score_threshold_pmy = excluded.score_threshold_pmy, detector = excluded.detector,
                model_id = excluded.model_id, model_version = excluded.model_version,
                report_empty = excluded.report_empty, quiet_start_min = excluded.quiet_start_min,
                quiet_end_min = excluded.quiet_end_min, updated_at_ms = excluded.updated_at_ms;
            """)
            .With("@device", deviceId, System.Data.DbType.String)
            .With("@version", (long)versioned.ConfigVersion)
            .With("@wake", (long)versioned.WakeIntervalS)
            .With("@every", (int)versioned.TelemetryEvery)
            .With("@threshold", (int)versioned.ScoreThresholdPmy)
            .With("@detector", (int)versioned.Detector)
            .With("@model", versioned.ModelId)
            .With("@modelv", (long)versioned.ModelVersion)
            .With("@empty", versioned.ReportEmpty ? 1 : 0)
            .With("@qstart", versioned.QuietStartMin is { } qs ? (long)qs : null)
            .With("@qend", versioned.QuietEndMin is { } qe ? (long)qe : null)
            .With("@now", now.ToUnixTimeMilliseconds());
        write.Transaction = transaction;
        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return versioned;
    }

    private static DeviceConfig ReadConfig(DbDataReader r) => new(
        (uint)r.GetLong(0),
        (uint)r.GetLong(1),
        (ushort)(int)r.GetLong(2),
        (ushort)(int)r.GetLong(3),
        (DetectorKind)(int)r.GetLong(4),
        r.GetString(5),
        (uint)r.GetLong(6),
        r.GetLong(7) != 0,
        r.IsDBNull(8) ? null : (ushort)r.GetLong(8),
        r.IsDBNull(9) ? null : (ushort)r.GetLong(9));
}
