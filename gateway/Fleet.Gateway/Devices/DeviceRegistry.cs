// SPDX-License-Identifier: MIT
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Storage;
using Microsoft.Extensions.Logging;

namespace Fleet.Gateway.Devices;

/// <summary>
/// Provisioned devices and their credentials. Secrets leave the gateway exactly once (the return value of
/// <see cref="ProvisionAsync"/>); only salted PBKDF2 hashes are stored. Thread-safe.
/// </summary>
public sealed partial class DeviceRegistry(
    FleetDatabase database,
    TimeProvider time,
    DeviceChangeSignal changes,
    ILogger<DeviceRegistry> logger)
{
    /// <summary>
    /// Creates the device, or rotates its secret if it exists (its stored data stays). Returns the new secret,
    /// which is not kept anywhere in clear.
    /// </summary>
    /// <exception cref="ArgumentException">The id breaks docs/protocol.md §1.</exception>
    public async Task<string> ProvisionAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (!DeviceIds.IsValid(deviceId))
        {
            throw new ArgumentException($"'{deviceId}' is not a valid device id (1-32 of [A-Za-z0-9._-]).",
                nameof(deviceId));
        }

        var secret = SecretHasher.NewSecret();
        var salt = SecretHasher.NewSalt();
        var hash = SecretHasher.Hash(secret, salt);

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO devices (id, secret_salt, secret_hash, provisioned_at_ms) VALUES ($id, $salt, $hash, $now)
            ON CONFLICT (id) DO UPDATE SET secret_salt = excluded.secret_salt, secret_hash = excluded.secret_hash;
            """;
        command.Parameters.AddWithValue("$id", deviceId);
        command.Parameters.AddWithValue("$salt", salt);
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        LogProvisioned(logger, deviceId);
        changes.NotifyChanged();
        return secret;
    }

    /// <summary>Checks a CONNECT's username (= device id) and password (= secret).</summary>
    public async Task<CredentialCheck> ValidateCredentialsAsync(
        string deviceId, string? secret, CancellationToken cancellationToken)
    {
        if (!DeviceIds.IsValid(deviceId))
        {
            return CredentialCheck.UnknownDevice;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT secret_salt, secret_hash FROM devices WHERE id = $id;";
        command.Parameters.AddWithValue("$id", deviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return CredentialCheck.UnknownDevice;
        }

        var salt = (byte[])reader.GetValue(0);
        var hash = (byte[])reader.GetValue(1);
        return secret is not null && SecretHasher.Verify(secret, salt, hash)
            ? CredentialCheck.Valid
            : CredentialCheck.WrongSecret;
    }

    /// <summary>Whether the device is provisioned.</summary>
    public async Task<bool> ExistsAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM devices WHERE id = $id;";
        command.Parameters.AddWithValue("$id", deviceId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Provisioned device {DeviceId}")]
    private static partial void LogProvisioned(ILogger logger, string deviceId);
}
