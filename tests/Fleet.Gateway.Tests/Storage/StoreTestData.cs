// SPDX-License-Identifier: MIT
using Fleet.Gateway.Storage;

namespace Fleet.Gateway.Tests.Storage;

/// <summary>Rows the storage tests need that no public write path makes on its own.</summary>
internal static class StoreTestData
{
    /// <summary>Provisions a device with a dummy credential, straight into the registry table.</summary>
    public static async Task AddDeviceAsync(FleetDatabase database, string deviceId)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO devices (id, secret_salt, secret_hash, provisioned_at_ms) VALUES (@id, @salt, @hash, 0);";
        foreach (var (name, value) in new (string, object)[] { ("@id", deviceId), ("@salt", new byte[16]), ("@hash", new byte[32]) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A scalar query on the store (counts, versions), as a long.</summary>
    public static async Task<long> ScalarAsync(FleetDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
