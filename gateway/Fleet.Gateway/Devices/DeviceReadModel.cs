// SPDX-License-Identifier: MIT
using System.Data.Common;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Alerts;
using Fleet.Gateway.Api;
using Fleet.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Devices;

/// <summary>
/// Reads devices for the API and the alert evaluator. State and drain are derived at read time from the stored
/// rows and the gateway's clock, so a device that misses its wakes turns <c>offline</c> without any background
/// job, and the numbers never lag behind the telemetry.
/// </summary>
public sealed class DeviceReadModel(
    FleetDatabase database,
    TelemetryQueries telemetry,
    AlertStore alerts,
    DeviceLabelStore labels,
    DeviceLivenessEvaluator liveness,
    BatteryDrainEstimator drain,
    IOptions<FleetStateOptions> options,
    TimeProvider time)
{
    /// <summary>The API's state name of a retired device.</summary>
    public const string RetiredStateName = "retired";

    private const string SelectColumns = """
        SELECT id, last_seen_ms, state, next_wake_at_ms, next_wake_s, battery_mv, soc_pm, temperature_cc,
            firmware_version, last_detection_at_ms, last_detection_detector, last_detection_boxes,
            last_detection_top_label, last_detection_top_score_pmy, dropped_telemetry, dropped_detections,
            dropped_telemetry_before, dropped_detections_before, wake_ledger_uc, wake_ledger_at_ms, retired_at_ms
        FROM devices
        """;

    /// <summary>
    /// Every device in service (and the retired ones if <paramref name="includeRetired"/>), ordered by id; only those
    /// carrying <paramref name="label"/> when one is given.
    /// </summary>
    public async Task<IReadOnlyList<DeviceDto>> GetAllAsync(CancellationToken cancellationToken,
        bool includeRetired = false, string? label = null)
    {
        var now = time.GetUtcNow();
        var labelled = await labels.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await ReadRowsAsync(null, cancellationToken).ConfigureAwait(false))
            .Where(r => includeRetired || r.RetiredAtMs is null)
            .Where(r => label is null || (labelled.TryGetValue(r.Id, out var l) && l.Contains(label)))
            .ToList();
        var samples = await telemetry.GetSocSamplesAsync(null, now - options.Value.DrainWindow, cancellationToken)
            .ConfigureAwait(false);
        var open = OpenKindsByDevice(await alerts.GetOpenAsync(cancellationToken).ConfigureAwait(false));
        return rows.Select(r => ToDto(r, State(r, samples, now), open, labelled.GetValueOrDefault(r.Id) ?? []))
            .ToList();
    }

    /// <summary>One device (retired ones too), or null if it is not provisioned.</summary>
    public async Task<DeviceDto?> GetAsync(string deviceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await ReadRowsAsync(deviceId, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        var samples = await telemetry.GetSocSamplesAsync(deviceId, now - options.Value.DrainWindow, cancellationToken)
            .ConfigureAwait(false);
        var open = OpenKindsByDevice(await alerts.QueryAsync(true, deviceId, int.MaxValue, cancellationToken)
            .ConfigureAwait(false));
        var deviceLabels = await labels.GetAsync(deviceId, cancellationToken).ConfigureAwait(false);
        return ToDto(rows[0], State(rows[0], samples, now), open, deviceLabels);
    }

    /// <summary>
    /// Liveness and battery state of every device in service now (for the alert rules and gauges): a retired device
    /// is never offline nor low on battery, so it raises no alert and its open ones clear.
    /// </summary>
    public async Task<IReadOnlyList<DeviceFleetState>> GetFleetStateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = (await ReadRowsAsync(null, cancellationToken).ConfigureAwait(false))
            .Where(r => r.RetiredAtMs is null).ToList();
        var samples = await telemetry.GetSocSamplesAsync(null, now - options.Value.DrainWindow, cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(r => State(r, samples, now)).ToList();
    }

    private DeviceFleetState State(Row r, Dictionary<string, List<SocSample>> samples, DateTimeOffset now)
    {
        var status = new DeviceStatusSnapshot(
            r.State is { } s ? (DeviceState)s : null,
            At(r.LastSeenMs),
            At(r.NextWakeAtMs),
            TimeSpan.FromSeconds(r.NextWakeS ?? 0));
        var estimate = samples.TryGetValue(r.Id, out var list) ? drain.Estimate(list, now) : null;
        var drops = r.DroppedTelemetry is null && r.DroppedDetections is null
            ? null
            : new DropCounters(r.DroppedTelemetry, r.DroppedDetections, r.DroppedTelemetryBefore,
                r.DroppedDetectionsBefore);
        return new DeviceFleetState(r.Id, liveness.Evaluate(status, now), status.LastSeen,
            r.SocPm is { } pm ? pm / 10.0 : null, estimate, drops);
    }

    private async Task<List<Row>> ReadRowsAsync(string? deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectColumns + (deviceId is null ? " ORDER BY id;" : " WHERE id = @id;");
        if (deviceId is not null)
        {
            command.With("@id", deviceId);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<Row>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new Row(
                reader.GetString(0), Long(reader, 1), Long(reader, 2), Long(reader, 3), Long(reader, 4),
                Long(reader, 5), Long(reader, 6), Long(reader, 7), reader.IsDBNull(8) ? null : reader.GetString(8),
                Long(reader, 9), Long(reader, 10), Long(reader, 11), reader.IsDBNull(12) ? null : reader.GetString(12),
                Long(reader, 13), Long(reader, 14), Long(reader, 15), Long(reader, 16), Long(reader, 17),
                reader.IsDBNull(18) ? null : reader.GetString(18), Long(reader, 19), Long(reader, 20)));
        }

        return rows;
    }

    private static DeviceDto ToDto(Row r, DeviceFleetState state, Dictionary<string, List<string>> openAlerts,
        IReadOnlyList<string> deviceLabels)
    {
        DetectionSummaryDto? detection = null;
        if (r.LastDetectionAtMs is { } detectedAtMs)
        {
            detection = new DetectionSummaryDto(
                Utc(detectedAtMs),
                DetectorNames.Of((DetectorKind)(r.LastDetectionDetector ?? 0)),
                (int)(r.LastDetectionBoxes ?? 0),
                r.LastDetectionTopLabel,
                r.LastDetectionTopScorePmy is { } pmy ? pmy / 10_000.0 : null);
        }

        // A retired device is out of the schedule: no state derived from its (stopped) wakes.
        var retired = r.RetiredAtMs is not null;
        return new DeviceDto(
            r.Id,
            r.LastSeenMs is { } seen ? Utc(seen) : null,
            retired ? RetiredStateName : state.Liveness.StateName,
            (int?)r.BatteryMv,
            state.SocPercent,
            r.TemperatureCc is { } cc ? cc / 100.0 : null,
            r.FirmwareVersion,
            retired ? null : state.Liveness.NextWakeAt?.UtcDateTime,
            detection,
            retired ? 0 : state.Liveness.MissedWakes,
            state.Drain is { } d ? Math.Round(d.DrainPercentPerDay, 3) : null,
            state.Drain?.ProjectedEmptyAt?.UtcDateTime,
            openAlerts.TryGetValue(r.Id, out var kinds) ? kinds : [],
            deviceLabels,
            r.DroppedTelemetry,
            r.DroppedDetections,
            WakeLedgerDto.Of(WakeLedgerText.Parse(r.WakeLedgerUc), r.WakeLedgerAtMs is { } at ? Utc(at) : null),
            r.RetiredAtMs is { } retiredMs ? Utc(retiredMs) : null);
    }

    private static Dictionary<string, List<string>> OpenKindsByDevice(List<AlertRecord> open)
    {
        var byDevice = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var alert in open.OrderBy(a => a.Kind))
        {
            if (!byDevice.TryGetValue(alert.DeviceId, out var kinds))
            {
                byDevice[alert.DeviceId] = kinds = [];
            }

            kinds.Add(AlertNames.Of(alert.Kind));
        }

        return byDevice;
    }

    private static long? Long(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);

    private static DateTimeOffset? At(long? unixMs) =>
        unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static DateTime Utc(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;

    private sealed record Row(
        string Id,
        long? LastSeenMs,
        long? State,
        long? NextWakeAtMs,
        long? NextWakeS,
        long? BatteryMv,
        long? SocPm,
        long? TemperatureCc,
        string? FirmwareVersion,
        long? LastDetectionAtMs,
        long? LastDetectionDetector,
        long? LastDetectionBoxes,
        string? LastDetectionTopLabel,
        long? LastDetectionTopScorePmy,
        long? DroppedTelemetry,
        long? DroppedDetections,
        long? DroppedTelemetryBefore,
        long? DroppedDetectionsBefore,
        string? WakeLedgerUc,
        long? WakeLedgerAtMs,
        long? RetiredAtMs);
}
