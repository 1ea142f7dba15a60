// SPDX-License-Identifier: MIT
using System.Data.Common;
using Fleet.Gateway.Alerts;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Alerts in the <c>alerts</c> table (<see cref="ManagementSchema"/>). A partial unique index keeps one open
/// alert per (device, kind), so raising an open alert again is a no-op rather than a duplicate. Thread-safe.
/// </summary>
public sealed class AlertStore(FleetDatabase database)
{
    private const string Columns = "id, device_id, kind, severity, raised_at_ms, cleared_at_ms, detail";

    /// <summary>Every open alert.</summary>
    public Task<List<AlertRecord>> GetOpenAsync(CancellationToken cancellationToken) =>
        QueryAsync(open: true, deviceId: null, limit: int.MaxValue, cancellationToken);

    /// <summary>Alerts, newest first.</summary>
    /// <param name="open">true: open only; false: cleared only; null: both.</param>
    /// <param name="deviceId">Only this device's; null for all.</param>
    /// <param name="limit">Most rows returned.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<List<AlertRecord>> QueryAsync(
        bool? open, string? deviceId, int limit, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText($"""
            SELECT {Columns} FROM alerts
            WHERE (@open IS NULL OR (@open = 1 AND cleared_at_ms IS NULL) OR (@open = 0 AND cleared_at_ms IS NOT NULL))
              AND (@device IS NULL OR device_id = @device)
            ORDER BY id DESC LIMIT @limit;
            """)
            .With("@open", open is { } o ? (o ? 1 : 0) : null)
            .With("@device", deviceId, System.Data.DbType.String)
            .With("@limit", (long)limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var alerts = new List<AlertRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!AlertNames.TryParseKind(reader.GetString(2), out var kind))
            {
                continue; // a kind a newer gateway wrote; this one cannot evaluate or clear it
            }

            alerts.Add(new AlertRecord(
                reader.GetLong(0),
                reader.GetString(1),
                kind,
                AlertNames.ParseSeverity(reader.GetString(3)),
                DbCommandExtensions.FromUnixMs(reader.GetLong(4)),
                reader.GetInt64OrNull(5) is { } cleared ? DbCommandExtensions.FromUnixMs(cleared) : null,
                reader.GetString(6)));
        }

        return alerts;
    }

    /// <summary>Opens an alert for <paramref name="condition"/>; false if one of that kind is already open.</summary>
    public async Task<bool> RaiseAsync(AlertCondition condition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText("""
            INSERT INTO alerts (device_id, kind, severity, raised_at_ms, detail)
            VALUES (@device, @kind, @severity, @now, @detail)
            ON CONFLICT DO NOTHING;
            """)
            .With("@device", condition.DeviceId)
            .With("@kind", AlertNames.Of(condition.Kind))
            .With("@severity", AlertNames.Of(condition.Severity))
            .With("@now", now.ToUnixTimeMilliseconds())
            .With("@detail", condition.Detail);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Clears every open alert of a device (it was retired); returns how many were open.</summary>
    public async Task<int> ClearDeviceAsync(string deviceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText(
                "UPDATE alerts SET cleared_at_ms = @now WHERE device_id = @device AND cleared_at_ms IS NULL;")
            .With("@device", deviceId)
            .With("@now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Clears an open alert; false if it was not open.</summary>
    public async Task<bool> ClearAsync(long alertId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText(
                "UPDATE alerts SET cleared_at_ms = @now WHERE id = @id AND cleared_at_ms IS NULL;")
            .With("@id", alertId)
            .With("@now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
