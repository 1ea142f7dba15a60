// SPDX-License-Identifier: MIT
using System.Data;
using System.Data.Common;
using System.Text.Json;
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>The uplink write path: one transaction per batch, dedup through the ledger's unique key.</summary>
public sealed partial class FleetStore
{
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
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // SQLite: Microsoft.Data.Sqlite begins IMMEDIATE, so the write lock is taken up front instead of being
        // upgraded mid-transaction (which could fail as busy while the registry writes). PostgreSQL: READ
        // COMMITTED is enough, the ledger's primary key serialises two writers of the same (device, type, seq).
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (database.IsPostgres)
        {
            await LockDevicesInOrderAsync(connection, transaction, messages, cancellationToken).ConfigureAwait(false);
        }

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

    /// <summary>
    /// Several gateways (scale-out) write batches that touch the same devices' rows in arrival order, which differs
    /// between them: two such transactions deadlock. Locking the batch's device rows first, in one global order,
    /// makes them queue instead.
    /// </summary>
    private static async Task LockDevicesInOrderAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<FleetMessage> messages, CancellationToken ct)
    {
        var ids = messages.Select(m => m.DeviceId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToArray();
        await using var command = Command(connection, transaction,
            "SELECT id FROM devices WHERE id = ANY(@ids) ORDER BY id FOR UPDATE;");
        Add(command, "@ids", ids);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            // Reading the rows takes their locks.
        }
    }

    private static async Task<bool> DeviceExistsAsync(
        DbConnection connection, DbTransaction transaction, string deviceId, CancellationToken ct)
    {
        // A retired device's uplinks still in flight (published before its connection was closed) are refused too.
        await using var command = Command(connection, transaction,
            "SELECT 1 FROM devices WHERE id = @id AND retired_at_ms IS NULL;");
        Add(command, "@id", deviceId);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
    }

    private static async Task<bool> TryRecordSequenceAsync(DbConnection connection,
        DbTransaction transaction, FleetMessage message, uint seq, long nowMs, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO uplink_ledger (device_id, type, seq, received_at_ms) VALUES (@id, @type, @seq, @now)
            ON CONFLICT DO NOTHING;
            """);
        Add(command, "@id", message.DeviceId);
        Add(command, "@type", (long)message.Type);
        Add(command, "@seq", (long)seq);
        Add(command, "@now", nowMs);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    private static Task WriteAsync(DbConnection connection, DbTransaction transaction,
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

    private static async Task WriteTelemetryAsync(DbConnection connection, DbTransaction transaction,
        Telemetry t, long nowMs, CancellationToken ct)
    {
        await using var insert = Command(connection, transaction, """
            INSERT INTO telemetry (device_id, seq, received_at_ms, device_time_ms, battery_mv, soc_pm, temperature_cc,
                charge_used_uah, wake_count, uptime_s, firmware_version, model_id, model_version, rssi_dbm,
                dropped_telemetry, dropped_detections, wake_ledger_uc)
            VALUES (@id, @seq, @now, @time, @mv, @soc, @temp, @uah, @wakes, @uptime, @fw, @model, @modelv, @rssi,
                @dropt, @dropd, @ledger);
            UPDATE devices SET last_seen_ms = @now, battery_mv = @mv, soc_pm = @soc, temperature_cc = @temp,
                firmware_version = @fw,
                dropped_telemetry_before = CASE WHEN @dropt IS NULL THEN dropped_telemetry_before
                    ELSE dropped_telemetry END,
                dropped_detections_before = CASE WHEN @dropd IS NULL THEN dropped_detections_before
                    ELSE dropped_detections END,
                dropped_telemetry = COALESCE(@dropt, dropped_telemetry),
                dropped_detections = COALESCE(@dropd, dropped_detections),
                wake_ledger_at_ms = CASE WHEN @ledger IS NULL THEN wake_ledger_at_ms ELSE @now END,
                wake_ledger_uc = COALESCE(@ledger, wake_ledger_uc)
            WHERE id = @id;
            """);
        Add(insert, "@id", t.DeviceId);
        Add(insert, "@seq", (long)t.Sequence);
        Add(insert, "@now", nowMs);
        Add(insert, "@time", unchecked((long)t.DeviceTimeMs));
        Add(insert, "@mv", (long)t.BatteryMv);
        Add(insert, "@soc", (long)t.SocPm);
        Add(insert, "@temp", (long)t.TemperatureCc);
        Add(insert, "@uah", (long)t.ChargeUsedUah);
        Add(insert, "@wakes", (long)t.WakeCount);
        Add(insert, "@uptime", (long)t.UptimeS);
        Add(insert, "@fw", t.FirmwareVersion);
        Add(insert, "@model", t.ModelId);
        Add(insert, "@modelv", (long)t.ModelVersion);
        Add(insert, "@rssi", (long)t.RssiDbm);
        Add(insert, "@dropt", t.DroppedTelemetry is { } dt ? (long)dt : null);
        Add(insert, "@dropd", t.DroppedDetections is { } dd ? (long)dd : null);
        Add(insert, "@ledger", WakeLedgerText.Format(t.WakeLedgerUc), DbType.String);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task WriteDetectionAsync(DbConnection connection, DbTransaction transaction,
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
            VALUES (@id, @seq, @now, @time, @detector, @boxes, @model, @modelv, @us, @macs, @uj);
            UPDATE devices SET last_seen_ms = @now, last_detection_at_ms = @now, last_detection_detector = @detector,
                last_detection_boxes = @count, last_detection_top_label = @label,
                last_detection_top_score_pmy = @score
            WHERE id = @id;
            """);
        Add(insert, "@id", d.DeviceId);
        Add(insert, "@seq", (long)d.Sequence);
        Add(insert, "@now", nowMs);
        Add(insert, "@time", unchecked((long)d.DeviceTimeMs));
        Add(insert, "@detector", (long)d.Detector);
        Add(insert, "@boxes", JsonSerializer.Serialize(d.Boxes, StorageJson.Default.IReadOnlyListDetectionBox));
        Add(insert, "@model", d.ModelId);
        Add(insert, "@modelv", (long)d.ModelVersion);
        Add(insert, "@us", (long)d.InferenceUs);
        Add(insert, "@macs", (long)d.InferenceMacs);
        Add(insert, "@uj", (long)d.EnergyUj);
        Add(insert, "@count", (long)d.Boxes.Count);
        Add(insert, "@label", top?.Label, DbType.String);
        Add(insert, "@score", top is null ? null : (long)top.ScorePmy);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task WriteStatusAsync(DbConnection connection, DbTransaction transaction,
        StatusMessage s, long nowMs, CancellationToken ct)
    {
        // The will (offline) is sent by the broker when the link died, so it says nothing about "seen now".
        var seen = s.State != DeviceState.Offline;
        await using var insert = Command(connection, transaction, """
            INSERT INTO statuses (device_id, seq, received_at_ms, device_time_ms, state, firmware_version, wake_reason,
                next_wake_s)
            VALUES (@id, @seq, @now, @time, @state, @fw, @reason, @next);
            UPDATE devices SET
                last_seen_ms = CASE WHEN @seen = 1 THEN @now ELSE last_seen_ms END,
                state = @state,
                next_wake_s = @next,
                next_wake_at_ms = CASE WHEN @state = 2 THEN @now + @next * 1000 ELSE NULL END,
                firmware_version = CASE WHEN @fw <> '' THEN @fw ELSE firmware_version END
            WHERE id = @id;
            """);
        Add(insert, "@id", s.DeviceId);
        Add(insert, "@seq", (long)s.Sequence);
        Add(insert, "@now", nowMs);
        Add(insert, "@time", unchecked((long)s.DeviceTimeMs));
        Add(insert, "@state", (long)s.State);
        Add(insert, "@fw", s.FirmwareVersion);
        Add(insert, "@reason", (long)s.WakeReason);
        Add(insert, "@next", (long)s.NextWakeS);
        Add(insert, "@seen", seen ? 1L : 0L);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task WriteReportedConfigAsync(DbConnection connection, DbTransaction transaction,
        ReportedConfig c, long nowMs, CancellationToken ct)
    {
        await using var upsert = Command(connection, transaction, """
            INSERT INTO reported_configs (device_id, received_at_ms, config_version, wake_interval_s, telemetry_every,
                score_threshold_pmy, detector, model_id, model_version, report_empty, apply_result, reject_reason,
                quiet_start_min, quiet_end_min)
            VALUES (@id, @now, @version, @wake, @every, @threshold, @detector, @model, @modelv, @empty, @result,
                @reason, @qstart, @qend)
            ON CONFLICT (device_id) DO UPDATE SET received_at_ms = excluded.received_at_ms,
                config_version = excluded.config_version, wake_interval_s = excluded.wake_interval_s,
                telemetry_every = excluded.telemetry_every, score_threshold_pmy = excluded.score_threshold_pmy,
                detector = excluded.detector, model_id = excluded.model_id, model_version = excluded.model_version,
                report_empty = excluded.report_empty, apply_result = excluded.apply_result,
                reject_reason = excluded.reject_reason, quiet_start_min = excluded.quiet_start_min,
                quiet_end_min = excluded.quiet_end_min;
            UPDATE devices SET last_seen_ms = @now WHERE id = @id;
            """);
        var config = c.Config;
        Add(upsert, "@id", c.DeviceId);
        Add(upsert, "@now", nowMs);
        Add(upsert, "@version", (long)config.ConfigVersion);
        Add(upsert, "@wake", (long)config.WakeIntervalS);
        Add(upsert, "@every", (long)config.TelemetryEvery);
        Add(upsert, "@threshold", (long)config.ScoreThresholdPmy);
        Add(upsert, "@detector", (long)config.Detector);
        Add(upsert, "@model", config.ModelId);
        Add(upsert, "@modelv", (long)config.ModelVersion);
        Add(upsert, "@empty", config.ReportEmpty ? 1L : 0L);
        Add(upsert, "@result", (long)c.ApplyResult);
        Add(upsert, "@reason", c.RejectReason, DbType.String);
        Add(upsert, "@qstart", config.QuietStartMin is { } qs ? (long)qs : null);
        Add(upsert, "@qend", config.QuietEndMin is { } qe ? (long)qe : null);
        await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task WriteOtaAsync(DbConnection connection, DbTransaction transaction,
        string deviceId, MessageType type, uint offerId, uint? offset, ushort? length, int? code,
        uint? activeModelVersion, long nowMs, CancellationToken ct)
    {
        await using var insert = Command(connection, transaction, """
            INSERT INTO ota_log (device_id, received_at_ms, type, offer_id, chunk_offset, chunk_length, code,
                active_model_version)
            VALUES (@id, @now, @type, @offer, @offset, @length, @code, @active);
            UPDATE devices SET last_seen_ms = @now WHERE id = @id;
            """);
        Add(insert, "@id", deviceId);
        Add(insert, "@now", nowMs);
        Add(insert, "@type", (long)type);
        Add(insert, "@offer", (long)offerId);
        Add(insert, "@offset", offset is { } o ? (long)o : null);
        Add(insert, "@length", length is { } l ? (long)l : null);
        Add(insert, "@code", code is { } c ? (long)c : null);
        Add(insert, "@active", activeModelVersion is { } a ? (long)a : null);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
