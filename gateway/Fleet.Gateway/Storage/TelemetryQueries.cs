// SPDX-License-Identifier: MIT
using System.Data.Common;
using Fleet.Gateway.Devices;

namespace Fleet.Gateway.Storage;

/// <summary>Reads of the <c>telemetry</c> table for fleet state and charts. Thread-safe.</summary>
public sealed class TelemetryQueries(FleetDatabase database)
{
    /// <summary>State-of-charge samples received at or after <paramref name="since"/>, per device, oldest first.</summary>
    /// <param name="deviceId">One device, or null for every device.</param>
    /// <param name="since">Window start (gateway clock).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<Dictionary<string, List<SocSample>>> GetSocSamplesAsync(
        string? deviceId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText("""
            SELECT device_id, received_at_ms, soc_pm FROM telemetry
            WHERE received_at_ms >= @since AND (@device IS NULL OR device_id = @device)
            ORDER BY device_id, received_at_ms, id;
            """)
            .With("@since", since.ToUnixTimeMilliseconds())
            .With("@device", deviceId, System.Data.DbType.String);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var samples = new Dictionary<string, List<SocSample>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            if (!samples.TryGetValue(id, out var list))
            {
                samples[id] = list = [];
            }

            list.Add(new SocSample(DbCommandExtensions.FromUnixMs(reader.GetLong(1)), (int)reader.GetLong(2)));
        }

        return samples;
    }

    /// <summary>
    /// One device's telemetry in [<paramref name="from"/>, <paramref name="to"/>), grouped into buckets of
    /// <paramref name="bucket"/> in SQL (integer division of the receive time), oldest first; empty buckets are
    /// left out.
    /// </summary>
    public async Task<List<TelemetryBucket>> GetBucketsAsync(string deviceId, DateTimeOffset from, DateTimeOffset to,
        TimeSpan bucket, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucket, TimeSpan.FromMilliseconds(1));
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText("""
            SELECT received_at_ms / @bucket AS b, COUNT(*), AVG(battery_mv), MIN(battery_mv), AVG(soc_pm), MIN(soc_pm),
                AVG(temperature_cc), MAX(charge_used_uah), AVG(rssi_dbm)
            FROM telemetry
            WHERE device_id = @device AND received_at_ms >= @from AND received_at_ms < @to
            GROUP BY b ORDER BY b;
            """)
            .With("@bucket", (long)bucket.TotalMilliseconds)
            .With("@device", deviceId, System.Data.DbType.String)
            .With("@from", from.ToUnixTimeMilliseconds())
            .With("@to", to.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var buckets = new List<TelemetryBucket>();
        var bucketMs = (long)bucket.TotalMilliseconds;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            buckets.Add(new TelemetryBucket(
                DbCommandExtensions.FromUnixMs(reader.GetLong(0) * bucketMs),
                (int)reader.GetLong(1),
                reader.GetReal(2),
                (int)reader.GetLong(3),
                reader.GetReal(4),
                (int)reader.GetLong(5),
                reader.GetReal(6),
                reader.GetLong(7),
                reader.GetReal(8)));
        }

        return buckets;
    }
}
