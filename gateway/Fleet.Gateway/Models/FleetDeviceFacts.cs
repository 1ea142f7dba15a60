// SPDX-License-Identifier: MIT
using System.Data.Common;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Storage;

namespace Fleet.Gateway.Models;

/// <summary>What the preview needs to know of one provisioned device.</summary>
/// <param name="Detector">The detector of its reported config, else of its desired config; null if neither exists.</param>
/// <param name="WakeIntervalS">The wake interval of that config, s.</param>
/// <param name="RunningModelId">The model of its latest telemetry ("" = none loaded); null without telemetry.</param>
/// <param name="RunningModelVersion">That model's version.</param>
public sealed record FleetDeviceFact(
    string DeviceId, DetectorKind? Detector, uint? WakeIntervalS, string? RunningModelId, uint? RunningModelVersion);

/// <summary>Reads <see cref="FleetDeviceFact"/> for every device in service in one query. Thread-safe.</summary>
public sealed class FleetDeviceFacts(FleetDatabase database)
{
    public async Task<List<FleetDeviceFact>> ReadAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // The reported config is what the device runs; the desired one stands in until it has reported.
        await using var command = connection.CreateCommand().WithText("""
            SELECT d.id,
                   COALESCE(rc.detector, dc.detector),
                   COALESCE(rc.wake_interval_s, dc.wake_interval_s),
                   (SELECT t.model_id FROM telemetry t WHERE t.device_id = d.id ORDER BY t.received_at_ms DESC, t.id DESC LIMIT 1),
                   (SELECT t.model_version FROM telemetry t WHERE t.device_id = d.id ORDER BY t.received_at_ms DESC, t.id DESC LIMIT 1)
            FROM devices d
            LEFT JOIN reported_configs rc ON rc.device_id = d.id
            LEFT JOIN desired_configs dc ON dc.device_id = d.id
            WHERE d.retired_at_ms IS NULL
            ORDER BY d.id;
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var facts = new List<FleetDeviceFact>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var detector = reader.GetInt64OrNull(1);
            var interval = reader.GetInt64OrNull(2);
            var version = reader.GetInt64OrNull(4);
            facts.Add(new FleetDeviceFact(reader.GetString(0), detector is { } k ? (DetectorKind)(int)k : null,
                interval is { } i ? (uint)i : null, reader.GetStringOrNull(3), version is { } v ? (uint)v : null));
        }

        return facts;
    }
}
