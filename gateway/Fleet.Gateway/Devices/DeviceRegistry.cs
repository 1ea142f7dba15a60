// SPDX-License-Identifier: MIT
using System.Globalization;
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
    IEnumerable<IDeviceCredentialSink> credentialSinks,
    ILogger<DeviceRegistry> logger)
{
    /// <summary>
    /// Creates the device, or rotates its secret if it exists (its stored data stays; a retired device returns to
    /// service). Returns the new secret, which is not kept anywhere in clear.
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
            INSERT INTO devices (id, secret_salt, secret_hash, provisioned_at_ms) VALUES (@id, @salt, @hash, @now)
            ON CONFLICT (id) DO UPDATE SET secret_salt = excluded.secret_salt, secret_hash = excluded.secret_hash,
                retired_at_ms = NULL;
            """;
        command.With("@id", deviceId);
        command.With("@salt", salt);
        command.With("@hash", hash);
        command.With("@now", time.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        // The clear secret exists only now: sinks that need their own hash of it (an external broker's password
        // file) get it here, after our hash is stored.
        foreach (var sink in credentialSinks)
        {
            await sink.SecretChangedAsync(deviceId, secret, cancellationToken).ConfigureAwait(false);
        }

        LogProvisioned(logger, deviceId);
        changes.NotifyChanged();
        return secret;
    }

    /// <summary>Creates a device with a fresh secret; refuses an id that exists (its secret stays valid).</summary>
    /// <exception cref="ArgumentException">The id breaks docs/protocol.md §1.</exception>
    public async Task<ProvisioningResult> CreateAsync(string deviceId, CancellationToken cancellationToken)
    {
        RequireValidId(deviceId);
        var (secret, salt, hash) = NewCredentials();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO devices (id, secret_salt, secret_hash, provisioned_at_ms) VALUES (@id, @salt, @hash, @now)
            ON CONFLICT (id) DO NOTHING;
            """;
        command.With("@id", deviceId);
        command.With("@salt", salt);
        command.With("@hash", hash);
        command.With("@now", time.GetUtcNow().ToUnixTimeMilliseconds());
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return new ProvisioningResult(
                await GetRetiredAtAsync(deviceId, cancellationToken).ConfigureAwait(false) is null
                    ? ProvisioningCode.AlreadyExists
                    : ProvisioningCode.AlreadyExistsRetired);
        }

        await NotifySinksAsync(deviceId, secret, cancellationToken).ConfigureAwait(false);
        LogProvisioned(logger, deviceId);
        changes.NotifyChanged();
        return new ProvisioningResult(ProvisioningCode.Created, secret);
    }

    /// <summary>
    /// Replaces an existing device's secret. The old secret is refused from the next CONNECT on (every CONNECT is
    /// checked against the store), and the credential sinks are told: Mosquitto's password file changes, and the
    /// embedded broker closes a connection opened with the old secret (<see cref="Mqtt.RotatedSecretDisconnector"/>).
    /// A retired device is returned to service: the new secret connects.
    /// </summary>
    public async Task<ProvisioningResult> RotateSecretAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (!DeviceIds.IsValid(deviceId))
        {
            return new ProvisioningResult(ProvisioningCode.UnknownDevice);
        }

        var wasRetired = await GetRetiredAtAsync(deviceId, cancellationToken).ConfigureAwait(false) is not null;
        var (secret, salt, hash) = NewCredentials();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // The secret and the return to service are one statement: never a moment where the new secret is stored
        // but the device still counts as retired, or the other way round.
        command.CommandText =
            "UPDATE devices SET secret_salt = @salt, secret_hash = @hash, retired_at_ms = NULL WHERE id = @id;";
        command.With("@id", deviceId);
        command.With("@salt", salt);
        command.With("@hash", hash);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return new ProvisioningResult(ProvisioningCode.UnknownDevice);
        }

        await NotifySinksAsync(deviceId, secret, cancellationToken).ConfigureAwait(false);
        LogRotated(logger, deviceId);
        if (wasRetired)
        {
            LogReturnedToService(logger, deviceId);
        }

        // The device list shows retiredAt, so its stream must refresh.
        changes.NotifyChanged();
        return new ProvisioningResult(ProvisioningCode.Rotated, secret);
    }

    /// <summary>
    /// Checks a CONNECT's username (= device id) and password (= secret). A retired device answers
    /// <see cref="CredentialCheck.UnknownDevice"/> whatever the secret: it is out of service, and probing cannot
    /// tell it from an id that never existed.
    /// </summary>
    public async Task<CredentialCheck> ValidateCredentialsAsync(
        string deviceId, string? secret, CancellationToken cancellationToken)
    {
        if (!DeviceIds.IsValid(deviceId))
        {
            return CredentialCheck.UnknownDevice;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT secret_salt, secret_hash FROM devices WHERE id = @id AND retired_at_ms IS NULL;";
        command.With("@id", deviceId);
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

    /// <summary>
    /// Takes the device out of service: stamps <c>retired_at_ms</c> (an earlier stamp stays) and has every credential
    /// sink drop it. Its rows and history stay. Repeating it is harmless: the sinks are told again, which repairs an
    /// earlier call that failed half-way. <see cref="DeviceRetirement"/> does the rest (connection, downlinks, …).
    /// </summary>
    /// <returns>When the device was retired; null if no such device is provisioned.</returns>
    public async Task<DateTimeOffset?> RetireAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (!DeviceIds.IsValid(deviceId))
        {
            return null;
        }

        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE devices SET retired_at_ms = COALESCE(retired_at_ms, @now) WHERE id = @id;";
            command.With("@id", deviceId);
            command.With("@now", time.GetUtcNow().ToUnixTimeMilliseconds());
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return null;
            }
        }

        foreach (var sink in credentialSinks)
        {
            await sink.DeviceRetiredAsync(deviceId, cancellationToken).ConfigureAwait(false);
        }

        LogRetired(logger, deviceId);
        changes.NotifyChanged();
        return await GetRetiredAtAsync(deviceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>When the device was retired; null while it is in service or if it does not exist.</summary>
    public async Task<DateTimeOffset?> GetRetiredAtAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT retired_at_ms FROM devices WHERE id = @id;";
        command.With("@id", deviceId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value
            and not DBNull
            ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>Whether the device is provisioned (retired devices included).</summary>
    public async Task<bool> ExistsAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM devices WHERE id = @id;";
        command.With("@id", deviceId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    // Same contract as ProvisionAsync: sinks (an external broker's password file) see the clear secret once.
    private async Task NotifySinksAsync(string deviceId, string secret, CancellationToken cancellationToken)
    {
        foreach (var sink in credentialSinks)
        {
            await sink.SecretChangedAsync(deviceId, secret, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (string Secret, byte[] Salt, byte[] Hash) NewCredentials()
    {
        var secret = SecretHasher.NewSecret();
        var salt = SecretHasher.NewSalt();
        return (secret, salt, SecretHasher.Hash(secret, salt));
    }

    private static void RequireValidId(string deviceId)
    {
        if (!DeviceIds.IsValid(deviceId))
        {
            throw new ArgumentException($"'{deviceId}' is not a valid device id (1-32 of [A-Za-z0-9._-]).",
                nameof(deviceId));
        }
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Retired device {DeviceId}")]
    private static partial void LogRetired(ILogger logger, string deviceId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Returned device {DeviceId} to service")]
    private static partial void LogReturnedToService(ILogger logger, string deviceId);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Rotated the secret of device {DeviceId}")]
    private static partial void LogRotated(ILogger logger, string deviceId);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Provisioned device {DeviceId}")]
    private static partial void LogProvisioned(ILogger logger, string deviceId);
}
