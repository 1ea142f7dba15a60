// SPDX-License-Identifier: MIT
using System.Text.Json;
using Fleet.Contracts.Messages;
using Microsoft.Data.Sqlite;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Writes decoded uplinks. A whole batch is one transaction: either every message of it is committed (or found to
/// be a duplicate) or none is, which is what lets the caller acknowledge the batch only after the commit.
/// Not thread-safe by design: the single ingest writer owns it.
/// </summary>
public sealed class UplinkStore(FleetDatabase database)
{
    /// <summary>Stores <paramref name="messages"/> in order; returns one outcome per message.</summary>
    /// <param name="messages">Decoded, topic-checked uplinks.</param>
    /// <param name="receivedAt">The gateway's receive time (its <see cref="TimeProvider"/>), used as last seen.</param>
    /// <param name="cancellationToken">Cancels before the commit only.</param>
    public async Task<StoreOutcome[]> StoreBatchAsync(
        IReadOnlyList<FleetMessage> messages, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var outcomes = new StoreOutcome[messages.Count];
        if (messages.Count == 0)
        {
            return outcomes;
        }

        var nowMs = receivedAt.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is taken up front instead of being upgraded
        // mid-transaction, which could fail as busy while the registry writes.
        await using var transaction = (SqliteTransaction)await connection
            .BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (!known.TryGetValue(message.DeviceId, out var exists))
            {
                exists = await DeviceExistsAsync(connection, transaction, message.DeviceId, cancellationToken)
                    .ConfigureAwait(false);
                known[message.DeviceId] = exists;
            }

            if (!exists)
            {
                outcomes[i] = StoreOutcome.UnknownDevice;
                continue;
            }

            if (SequenceOf(message) is { } seq
                && !await TryRecordSequenceAsync(connection, transaction, message, seq, nowMs, cancellationToken)
                    .ConfigureAwait(false))
            {
                outcomes[i] = StoreOutcome.Duplicate;
                continue;
            }

            await WriteAsync(connection, transaction, message, nowMs, cancellationToken).ConfigureAwait(false);
            outcomes[i] = StoreOutcome.Stored;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>
    /// The dedup key's seq. Reported configs carry no seq but are retained and idempotent (latest wins); OTA
    /// requests and results are a plain log, where a repeat after a resume is meaningful.
    /// </summary>
    private static uint? SequenceOf(FleetMessage message) => message switch
    {
        Telemetry t => t.Sequence,
        DetectionEvent d => d.Sequence,
        StatusMessage s => s.Sequence,
        _ => null,
    };

    private static async Task<bool> DeviceExistsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string deviceId, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, "SELECT 1 FROM devices WHERE id = $id;");
        command.Parameters.AddWithValue("$id", deviceId);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
    }

    private static async Task<bool> TryRecordSequenceAsync(SqliteConnection connection,
        SqliteTransaction transaction, FleetMessage message, uint seq, long nowMs, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO uplink_ledger (device_id, type, seq, received_at_ms) VALUES ($id, $type, $seq, $now)
            ON CONFLICT DO NOTHING;
            """);
        command.Parameters.AddWithValue("$id", message.DeviceId);
        command.Parameters.AddWithValue("$type", (int)message.Type);
        command.Parameters.AddWithValue("$seq", (long)seq);
        command.Parameters.AddWithValue("$now", nowMs);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    private static Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction,
        FleetMessage message, long nowMs, CancellationToken ct) => message switch
    {
        Telemetry t => WriteTelemetryAsync(connection, transaction, t, nowMs, ct),
        DetectionEvent d => WriteDetectionAsync(connection, transaction, d, nowMs, ct),
        StatusMessage s => WriteStatusAsync(connection, transaction, s, nowMs, ct),
        ReportedConfig c => WriteReportedConfigAsync(connection, transaction, c, nowMs, ct),
        OtaChunkRequest r => WriteOtaAsync(connection, transaction, r.DeviceId, r.Type, r.OfferId, r.Offset,
            r.Length, null, null, nowMs, ct),
        OtaResult r => WriteOtaAsync(connection, transaction, r.DeviceId, r.Type, r.OfferId, null, null,
            (int)r.Code, r.ActiveModelVersion, nowMs, ct),
        _ => throw new ArgumentException($"{message.Type} is not an uplink message.", nameof(message)),
    };

    private static async Task WriteTelemetryAsync(SqliteConnection connection, SqliteTransaction transaction,
        Telemetry t, long nowMs, CancellationToken ct)
    {
        await using var insert = Command(connection, transaction, """
            INSERT INTO telemetry (device_id, seq, received_at_ms, device_time_ms, battery_mv, soc_pm, temperature_cc,
                charge_used_uah, wake_count, uptime_s, firmware_version, model_id, model_version, rssi_dbm)
            VALUES ($id, $seq, $now, $time, $mv, $soc, $temp, $uah, $wakes, $uptime, $fw, $model, $modelv, $rssi);
            UPDATE devices SET last_seen_ms = $now, battery_mv = $mv, soc_pm = $soc, temperature_cc = $temp,
                firmware_version = $fw
            WHERE id = $id;
            """);
        var p = insert.Parameters;
        p.AddWithValue("$id", t.DeviceId);
        p.AddWithValue("$seq", (long)t.Sequence);
        p.AddWithValue("$now", nowMs);
        p.AddWithValue("$time", unchecked((long)t.DeviceTimeMs));
        p.AddWithValue("$mv", (int)t.BatteryMv);
        p.AddWithValue("$soc", (int)t.SocPm);
        p.AddWithValue("$temp", (int)t.TemperatureCc);
        p.AddWithValue("$uah", (long)t.ChargeUsedUah);
        p.AddWithValue("$wakes", (long)t.WakeCount);
        p.AddWithValue("$uptime", (long)t.UptimeS);
        p.AddWithValue("$fw", t.FirmwareVersion);
        p.AddWithValue("$model", t.ModelId);
        p.AddWithValue("$modelv", (long)t.ModelVersion);
        p.AddWithValue("$rssi", (int)t.RssiDbm);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task WriteDetectionAsync(SqliteConnection connection, SqliteTransaction transaction,
        DetectionEvent d, long nowMs, CancellationToken ct)
    {
        DetectionBox? top = null;
        foreach (var box in d.Boxes)
        {
            if (top is null || box.ScorePmy > top.ScorePmy)
            {
                top = box;
            }
        }

        await using var insert = Command(connection, transaction, """
            INSERT INTO detections (device_id, seq, received_at_ms, device_time_ms, detector, boxes_json, model_id,
                model_version, inference_us, inference_macs, energy_uj)
            VALUES ($id, $seq, $now, $time, $detector, $boxes, $model, $modelv, $us, $macs, $uj);
            UPDATE devices SET last_seen_ms = $now, last_detection_at_ms = $now, last_detection_detector = $detector,
                last_detection_boxes = $count, last_detection_top_label = $label, last_detection_top_score_pmy = $score
            WHERE id = $id;
            """);
        var p = insert.Parameters;
        p.AddWithValue("$id", d.DeviceId);
        p.AddWithValue("$seq", (long)d.Sequence);
        p.AddWithValue("$now", nowMs);
        p.AddWithValue("$time", unchecked((long)d.DeviceTimeMs));
        p.AddWithValue("$detector", (int)d.Detector);
        p.AddWithValue("$boxes", JsonSerializer.Serialize(d.Boxes, StorageJson.Default.IReadOnlyListDetectionBox));
        p.AddWithValue("$model", d.ModelId);
        p.AddWithValue("$modelv", (long)d.ModelVersion);
        p.AddWithValue("$us", (long)d.InferenceUs);
        p.AddWithValue("$macs", (long)d.InferenceMacs);
        p.AddWithValue("$uj", (long)d.EnergyUj);
        p.AddWithValue("$count", d.Boxes.Count);
        p.AddWithValue("$label", (object?)top?.Label ?? DBNull.Value);
        p.AddWithValue("$score", top is null ? DBNull.Value : (int)top.ScorePmy);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task WriteStatusAsync(SqliteConnection connection, SqliteTransaction transaction,
        StatusMessage s, long nowMs, CancellationToken ct)
    {
        // The will (offline) is sent by the broker when the link died, so it says nothing about "seen now".
        var seen = s.State != DeviceState.Offline;
        await using var insert = Command(connection, transaction, """
            INSERT INTO statuses (device_id, seq, received_at_ms, device_time_ms, state, firmware_version, wake_reason,
                next_wake_s)
            VALUES ($id, $seq, $now, $time, $state, $fw, $reason, $next);
            UPDATE devices SET
                last_seen_ms = CASE WHEN $seen THEN $now ELSE last_seen_ms END,
                state = $state,
                next_wake_s = $next,
                next_wake_at_ms = CASE WHEN $state = 2 THEN $now + $next * 1000 ELSE NULL END,
                firmware_version = CASE WHEN $fw <> '' THEN $fw ELSE firmware_version END
            WHERE id = $id;
            """);
        var p = insert.Parameters;
        p.AddWithValue("$id", s.DeviceId);
        p.AddWithValue("$seq", (long)s.Sequence);
        p.AddWithValue("$now", nowMs);
        p.AddWithValue("$time", unchecked((long)s.DeviceTimeMs));
        p.AddWithValue("$state", (int)s.State);
        p.AddWithValue("$fw", s.FirmwareVersion);
        p.AddWithValue("$reason", (int)s.WakeReason);
        p.AddWithValue("$next", (long)s.NextWakeS);
        p.AddWithValue("$seen", seen ? 1 : 0);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task WriteReportedConfigAsync(SqliteConnection connection, SqliteTransaction transaction,
        ReportedConfig c, long nowMs, CancellationToken ct)
    {
        await using var upsert = Command(connection, transaction, """
            INSERT INTO reported_configs (device_id, received_at_ms, config_version, wake_interval_s, telemetry_every,
                score_threshold_pmy, detector, model_id, model_version, report_empty, apply_result)
            VALUES ($id, $now, $version, $wake, $every, $threshold, $detector, $model, $modelv, $empty, $result)
            ON CONFLICT (device_id) DO UPDATE SET received_at_ms = excluded.received_at_ms,
                config_version = excluded.config_version, wake_interval_s = excluded.wake_interval_s,
                telemetry_every = excluded.telemetry_every, score_threshold_pmy = excluded.score_threshold_pmy,
                detector = excluded.detector, model_id = excluded.model_id, model_version = excluded.model_version,
                report_empty = excluded.report_empty, apply_result = excluded.apply_result;
            UPDATE devices SET last_seen_ms = $now WHERE id = $id;
            """);
        var p = upsert.Parameters;
        var config = c.Config;
        p.AddWithValue("$id", c.DeviceId);
        p.AddWithValue("$now", nowMs);
        p.AddWithValue("$version", (long)config.ConfigVersion);
        p.AddWithValue("$wake", (long)config.WakeIntervalS);
        p.AddWithValue("$every", (int)config.TelemetryEvery);
        p.AddWithValue("$threshold", (int)config.ScoreThresholdPmy);
        p.AddWithValue("$detector", (int)config.Detector);
        p.AddWithValue("$model", config.ModelId);
        p.AddWithValue("$modelv", (long)config.ModelVersion);
        p.AddWithValue("$empty", config.ReportEmpty ? 1 : 0);
        p.AddWithValue("$result", (int)c.ApplyResult);
        await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task WriteOtaAsync(SqliteConnection connection, SqliteTransaction transaction,
        string deviceId, MessageType type, uint offerId, uint? offset, ushort? length, int? code,
        uint? activeModelVersion, long nowMs, CancellationToken ct)
    {
        await using var insert = Command(connection, transaction, """
            INSERT INTO ota_log (device_id, received_at_ms, type, offer_id, chunk_offset, chunk_length, code,
                active_model_version)
            VALUES ($id, $now, $type, $offer, $offset, $length, $code, $active);
            UPDATE devices SET last_seen_ms = $now WHERE id = $id;
            """);
        var p = insert.Parameters;
        p.AddWithValue("$id", deviceId);
        p.AddWithValue("$now", nowMs);
        p.AddWithValue("$type", (int)type);
        p.AddWithValue("$offer", (long)offerId);
        p.AddWithValue("$offset", offset is { } o ? (long)o : DBNull.Value);
        p.AddWithValue("$length", length is { } l ? (int)l : DBNull.Value);
        p.AddWithValue("$code", code is { } c ? c : DBNull.Value);
        p.AddWithValue("$active", activeModelVersion is { } a ? (long)a : DBNull.Value);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
