// SPDX-License-Identifier: MIT
using System.Data.Common;
using Fleet.Gateway.Storage;

namespace Fleet.Gateway.Devices;

/// <summary>
/// Device labels (<c>device_labels</c>, migration 8): the group registry rollouts and the portal filter by. Labels
/// outlive retirement (a retired device keeps them as history and has them again when returned to service).
/// Thread-safe: every call opens its own connection.
/// </summary>
public sealed class DeviceLabelStore(FleetDatabase database, DeviceChangeSignal changes)
{
    /// <summary>
    /// Replaces the device's labels with <paramref name="labels"/> (already checked by
    /// <see cref="DeviceLabels.Normalize"/>) in one transaction, so a reader sees the old set or the new, never a mix.
    /// </summary>
    public async Task ReplaceAsync(string deviceId, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using (var delete = FleetStore.Command(connection, transaction,
                "DELETE FROM device_labels WHERE device_id = @id;"))
            {
                delete.With("@id", deviceId);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var label in labels)
            {
                await using var insert = FleetStore.Command(connection, transaction,
                    "INSERT INTO device_labels (device_id, label) VALUES (@id, @label);");
                insert.With("@id", deviceId);
                insert.With("@label", label);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // The device list (and its stream) shows labels.
        changes.NotifyChanged();
    }

    /// <summary>One device's labels, sorted (empty if it has none or does not exist).</summary>
    public async Task<IReadOnlyList<string>> GetAsync(string deviceId, CancellationToken cancellationToken)
    {
        var all = await ReadAsync(deviceId, cancellationToken).ConfigureAwait(false);
        return all.TryGetValue(deviceId, out var labels) ? labels : [];
    }

    /// <summary>Every labelled device's labels, sorted; devices without labels are absent.</summary>
    public Task<Dictionary<string, List<string>>> GetAllAsync(CancellationToken cancellationToken) =>
        ReadAsync(null, cancellationToken);

    /// <summary>The devices carrying <paramref name="label"/> (retired ones too; the caller filters).</summary>
    public async Task<HashSet<string>> GetDevicesWithAsync(string label, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand()
            .WithText("SELECT device_id FROM device_labels WHERE label = @label;")
            .With("@label", label);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task<Dictionary<string, List<string>>> ReadAsync(string? deviceId,
        CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand().WithText(deviceId is null
            ? "SELECT device_id, label FROM device_labels;"
            : "SELECT device_id, label FROM device_labels WHERE device_id = @id;");
        if (deviceId is not null)
        {
            command.With("@id", deviceId);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var byDevice = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            if (!byDevice.TryGetValue(id, out var labels))
            {
                byDevice[id] = labels = [];
            }

            labels.Add(reader.GetString(1));
        }

        // Sorted here, not in SQL: the providers' collations need not agree, the ordinal comparison does.
        foreach (var labels in byDevice.Values)
        {
            labels.Sort(StringComparer.Ordinal);
        }

        return byDevice;
    }
}
