// SPDX-License-Identifier: MIT
using System.Data.Common;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;

namespace Fleet.Gateway.Api;

/// <summary>
/// Fleet-wide reads of the <c>detections</c> table for <see cref="FleetDetectionsApi"/>: the latest rows, and the
/// rows after a store id (the live stream's cursor). Thread-safe.
/// </summary>
public sealed class FleetDetectionReader(FleetDatabase database)
{
    /// <summary>Rows newest first (<paramref name="afterId"/> null) or, after that id, oldest first.</summary>
    /// <param name="deviceId">Only this device; null for all.</param>
    /// <param name="detector">Only this detector; null for all.</param>
    /// <param name="afterId">Only rows with a larger id, returned oldest first; null for the latest, newest first.</param>
    /// <param name="limit">Rows at most.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<List<FleetDetectionDto>> ReadAsync(string? deviceId, DetectorKind? detector, long? afterId,
        int limit, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var order = afterId is null ? "DESC" : "ASC";
        await using var command = connection.CreateCommand().WithText($"""
            SELECT id, seq, received_at_ms, device_time_ms, detector, boxes_json, model_id, model_version, inference_us,
                inference_macs, energy_uj, device_id
            FROM detections
            WHERE (@device IS NULL OR device_id = @device)
              AND (@detector IS NULL OR detector = @detector)
              AND (@after IS NULL OR id > @after)
            ORDER BY id {order} LIMIT @limit;
            """)
            .With("@device", deviceId, System.Data.DbType.String)
            .With("@detector", detector is { } d ? (int)d : null)
            .With("@after", afterId)
            .With("@limit", (long)limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<FleetDetectionDto>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var boxes = JsonSerializer.Deserialize(reader.GetString(5), StorageJson.Default.IReadOnlyListDetectionBox)
                ?? [];
            rows.Add(new FleetDetectionDto(
                reader.GetLong(0),
                (uint)reader.GetLong(1),
                DbCommandExtensions.FromUnixMs(reader.GetLong(2)).UtcDateTime,
                DateTimeOffset.FromUnixTimeMilliseconds(
                    (long)Math.Min(unchecked((ulong)reader.GetLong(3)), 253_402_300_799_999UL)).UtcDateTime,
                DetectorNames.Of((DetectorKind)(int)reader.GetLong(4)),
                boxes.Select(b => new DetectionBoxDto(b.X, b.Y, b.Width, b.Height, b.ScorePmy / 10_000.0, b.Label))
                    .ToList(),
                reader.GetString(6),
                (uint)reader.GetLong(7),
                (uint)reader.GetLong(8),
                (uint)reader.GetLong(9),
                (uint)reader.GetLong(10),
                reader.GetString(11)));
        }

        return rows;
    }

    /// <summary>The largest detection id stored so far (0 when none).</summary>
    public async Task<long> LatestIdAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText("SELECT COALESCE(MAX(id), 0) FROM detections;");
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
