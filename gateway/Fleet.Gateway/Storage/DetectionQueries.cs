// SPDX-License-Identifier: MIT
using System.Data.Common;
using System.Text.Json;
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>Reads of the <c>detections</c> table. Thread-safe.</summary>
public sealed class DetectionQueries(FleetDatabase database)
{
    /// <summary>
    /// One page of a device's detections, newest first (by store id, which follows arrival). Keyset paging:
    /// the next page starts below <paramref name="beforeId"/>, so rows arriving meanwhile never shift a page.
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="from">Receive time from (inclusive); null for no bound.</param>
    /// <param name="to">Receive time to (exclusive); null for no bound.</param>
    /// <param name="detector">Only this detector; null for all.</param>
    /// <param name="beforeId">Only rows with a smaller id (the cursor); null for the first page.</param>
    /// <param name="limit">Rows to return; the caller asks for one more to learn whether a next page exists.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<List<StoredDetection>> GetPageAsync(string deviceId, DateTimeOffset? from, DateTimeOffset? to,
        DetectorKind? detector, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText("""
            SELECT id, seq, received_at_ms, device_time_ms, detector, boxes_json, model_id, model_version, inference_us,
                inference_macs, energy_uj
            FROM detections
            WHERE device_id = @device
              AND (@from IS NULL OR received_at_ms >= @from)
              AND (@to IS NULL OR received_at_ms < @to)
              AND (@detector IS NULL OR detector = @detector)
              AND (@before IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @limit;
            """)
            .With("@device", deviceId, System.Data.DbType.String)
            .With("@from", from?.ToUnixTimeMilliseconds())
            .With("@to", to?.ToUnixTimeMilliseconds())
            .With("@detector", detector is { } d ? (int)d : null)
            .With("@before", beforeId)
            .With("@limit", (long)limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<StoredDetection>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var boxes = JsonSerializer.Deserialize(reader.GetString(5), StorageJson.Default.IReadOnlyListDetectionBox)
                ?? [];
            rows.Add(new StoredDetection(
                reader.GetLong(0),
                (uint)reader.GetLong(1),
                DbCommandExtensions.FromUnixMs(reader.GetLong(2)),
                unchecked((ulong)reader.GetLong(3)),
                (DetectorKind)(int)reader.GetLong(4),
                boxes,
                reader.GetString(6),
                (uint)reader.GetLong(7),
                (uint)reader.GetLong(8),
                (uint)reader.GetLong(9),
                (uint)reader.GetLong(10)));
        }

        return rows;
    }
}
