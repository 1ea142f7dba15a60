// SPDX-License-Identifier: MIT
using System.Data.Common;
using System.Text.Json;
using Fleet.Gateway.Storage;

namespace Fleet.Gateway.Rollouts;

/// <summary>Rollouts in the <c>rollouts</c> table (one JSON document each) and the device facts a rollout starts from.</summary>
public sealed class RolloutStore(FleetDatabase database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the rollout's current state (insert or replace).</summary>
    public async Task SaveAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText("""
            INSERT INTO rollouts (id, model_id, model_version, state, created_at_ms, updated_at_ms, document)
            VALUES (@id, @model, @version, @state, @created, @updated, @doc)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at_ms = excluded.updated_at_ms,
                document = excluded.document;
            """)
            .With("@id", rollout.Id)
            .With("@model", rollout.ModelId)
            .With("@version", (long)rollout.ModelVersion)
            .With("@state", rollout.State)
            .With("@created", rollout.CreatedAt.ToUnixTimeMilliseconds())
            .With("@updated", rollout.UpdatedAt.ToUnixTimeMilliseconds())
            .With("@doc", JsonSerializer.Serialize(rollout, Json));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every stored rollout, oldest first.</summary>
    public async Task<List<Rollout>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand()
            .WithText("SELECT document FROM rollouts ORDER BY created_at_ms, id;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rollouts = new List<Rollout>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rollouts.Add(JsonSerializer.Deserialize<Rollout>(reader.GetString(0), Json)!);
        }

        return rollouts;
    }

    /// <summary>
    /// Every provisioned device in service (retired ones are never targeted) with its last state of charge (percent)
    /// and planned sleep (seconds).
    /// </summary>
    public async Task<List<(string Id, double? SocPercent, uint WakeIntervalS)>> GetDeviceFactsAsync(
        CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand()
            .WithText("SELECT id, soc_pm, next_wake_s FROM devices WHERE retired_at_ms IS NULL ORDER BY id;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var devices = new List<(string, double?, uint)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var soc = reader.GetInt64OrNull(1);
            devices.Add((reader.GetString(0), soc is { } pm ? pm / 10.0 : null, (uint)(reader.GetInt64OrNull(2) ?? 0)));
        }

        return devices;
    }

    /// <summary>
    /// Each device's detection baseline over [<paramref name="from"/>, <paramref name="to"/>): its stored online
    /// statuses (one birth per wake) and its stored detection events of <paramref name="modelId"/> that carry at
    /// least one box. Devices with neither are absent. One grouped pass over each table, once per rollout.
    /// </summary>
    public async Task<Dictionary<string, (int Wakes, int Detections)>> GetDetectionBaselinesAsync(string modelId,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var baselines = new Dictionary<string, (int Wakes, int Detections)>(StringComparer.Ordinal);
        await using (var wakes = connection.CreateCommand().WithText("""
            SELECT device_id, COUNT(*) FROM statuses
            WHERE received_at_ms >= @from AND received_at_ms < @to AND state = @online
            GROUP BY device_id;
            """)
            .With("@from", from.ToUnixTimeMilliseconds())
            .With("@to", to.ToUnixTimeMilliseconds())
            .With("@online", (long)Fleet.Contracts.Messages.DeviceState.Online))
        {
            await using var reader = await wakes.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                baselines[reader.GetString(0)] = ((int)reader.GetLong(1), 0);
            }
        }

        // Boxes are stored as a JSON array; an event without a box is exactly "[]".
        await using var detections = connection.CreateCommand().WithText("""
            SELECT device_id, COUNT(*) FROM detections
            WHERE received_at_ms >= @from AND received_at_ms < @to AND model_id = @model AND boxes_json <> '[]'
            GROUP BY device_id;
            """)
            .With("@from", from.ToUnixTimeMilliseconds())
            .With("@to", to.ToUnixTimeMilliseconds())
            .With("@model", modelId, System.Data.DbType.String);
        await using (var reader = await detections.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                baselines[id] = (baselines.GetValueOrDefault(id).Wakes, (int)reader.GetLong(1));
            }
        }

        return baselines;
    }
}
