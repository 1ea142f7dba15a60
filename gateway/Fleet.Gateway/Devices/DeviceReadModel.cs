// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Gateway.Api;
using Fleet.Gateway.Storage;
using Microsoft.Data.Sqlite;

namespace Fleet.Gateway.Devices;

/// <summary>
/// Reads devices for the API. The state is derived at read time from the stored status and the gateway's clock,
/// so a device whose planned wake is long past turns <c>offline</c> without any background job.
/// </summary>
public sealed class DeviceReadModel(FleetDatabase database, TimeProvider time)
{
    /// <summary>
    /// Slack after a planned wake before a sleeping device counts as lost: at least a minute, or one more sleep
    /// period for long sleepers (a wake can slip by a whole period when the radio fails once).
    /// </summary>
    public static readonly TimeSpan MinimumOverdueGrace = TimeSpan.FromMinutes(1);

    private const string SelectColumns = """
        SELECT id, last_seen_ms, state, next_wake_at_ms, next_wake_s, battery_mv, soc_pm, temperature_cc,
            firmware_version, last_detection_at_ms, last_detection_detector, last_detection_boxes,
            last_detection_top_label, last_detection_top_score_pmy
        FROM devices
        """;

    /// <summary>Every provisioned device, ordered by id.</summary>
    public async Task<IReadOnlyList<DeviceDto>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectColumns + " ORDER BY id;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var devices = new List<DeviceDto>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            devices.Add(Map(reader, now));
        }

        return devices;
    }

    /// <summary>One device, or null if it is not provisioned.</summary>
    public async Task<DeviceDto?> GetAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectColumns + " WHERE id = $id;";
        command.Parameters.AddWithValue("$id", deviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? Map(reader, time.GetUtcNow())
            : null;
    }

    private static DeviceDto Map(SqliteDataReader r, DateTimeOffset now)
    {
        var nextWakeAtMs = Long(r, 3);
        var nextWakeS = Long(r, 4);
        var state = DeriveState(Long(r, 2), nextWakeAtMs, nextWakeS, now);

        DetectionSummaryDto? detection = null;
        if (Long(r, 9) is { } detectedAtMs)
        {
            var score = Long(r, 13);
            detection = new DetectionSummaryDto(
                Utc(detectedAtMs),
                DetectorName((DetectorKind)(Long(r, 10) ?? 0)),
                (int)(Long(r, 11) ?? 0),
                r.IsDBNull(12) ? null : r.GetString(12),
                score is { } pmy ? pmy / 10_000.0 : null);
        }

        var soc = Long(r, 6);
        var temperature = Long(r, 7);
        return new DeviceDto(
            r.GetString(0),
            Long(r, 1) is { } seen ? Utc(seen) : null,
            state,
            (int?)Long(r, 5),
            soc is { } pm ? pm / 10.0 : null,
            temperature is { } cc ? cc / 100.0 : null,
            r.IsDBNull(8) ? null : r.GetString(8),
            state == "sleeping" && nextWakeAtMs is { } wake ? Utc(wake) : null,
            detection);
    }

    private static string DeriveState(long? state, long? nextWakeAtMs, long? nextWakeS, DateTimeOffset now)
    {
        switch (state)
        {
            case null:
                return "unknown";
            case (long)DeviceState.Online:
                return "online";
            case (long)DeviceState.Sleeping:
                if (nextWakeAtMs is { } wakeMs)
                {
                    var sleep = TimeSpan.FromSeconds(nextWakeS ?? 0);
                    var grace = sleep > MinimumOverdueGrace ? sleep : MinimumOverdueGrace;
                    if (now > DateTimeOffset.FromUnixTimeMilliseconds(wakeMs) + grace)
                    {
                        return "offline";
                    }
                }

                return "sleeping";
            default:
                return "offline";
        }
    }

    private static string DetectorName(DetectorKind detector) => detector switch
    {
        DetectorKind.Face => "face",
        DetectorKind.Smile => "smile",
        DetectorKind.ThermalPerson => "thermalPerson",
        _ => "classifier",
    };

    private static long? Long(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);

    private static DateTime Utc(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;
}
