// SPDX-License-Identifier: MIT
using System.Data.Common;
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>Reads OTA results from the <c>ota_log</c> table. Thread-safe.</summary>
public sealed class OtaResultQueries(FleetDatabase database)
{
    /// <summary>
    /// Each device's latest OTA result (by arrival), for the devices that ever sent one. Deferrals (code 9) are
    /// skipped: they say nothing about whether the last update worked, so a failure stays the latest result.
    /// </summary>
    public async Task<List<LatestOtaResult>> GetLatestResultsAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText("""
            SELECT o.device_id, o.offer_id, o.code, o.received_at_ms FROM ota_log o
            WHERE o.type = @type AND o.id = (
                SELECT MAX(i.id) FROM ota_log i WHERE i.device_id = o.device_id AND i.type = @type
                    AND (i.code IS NULL OR i.code <> @deferred))
            ORDER BY o.device_id;
            """)
            .With("@type", (int)MessageType.OtaResult)
            .With("@deferred", (int)OtaResultCode.DeferredLowBattery);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<LatestOtaResult>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(new LatestOtaResult(
                reader.GetString(0),
                (uint)reader.GetLong(1),
                (OtaResultCode)(reader.GetInt64OrNull(2) ?? 0),
                DbCommandExtensions.FromUnixMs(reader.GetLong(3))));
        }

        return results;
    }
}
