// SPDX-License-Identifier: MIT
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Mqtt.Mosquitto;

/// <summary>
/// Keeps an external Mosquitto's password and ACL files in step with the fleet: at start it writes the gateway's
/// own account and the ACL; whenever the registry provisions a device or rotates its secret it writes that
/// device's <c>$7$</c> line; when a device is retired it removes that line, so Mosquitto refuses the device's next
/// CONNECT after its reload (what the reload does to a connection already open is Mosquitto's to decide). Each change
/// is an atomic replace followed by a reload signal. Inactive unless <c>Broker:Mode=External</c> and
/// <c>Broker:Mosquitto:PasswordFile</c> are set. Thread-safe (changes serialise).
/// </summary>
/// <remarks>
/// The password file is the only place these hashes live (the registry keeps its own, differently salted ones),
/// so device lines survive gateway restarts by being read back from it. A device provisioned while the gateway ran
/// in Embedded mode has no line until its secret is rotated: its secret was never kept in clear.
/// </remarks>
public sealed partial class MosquittoCredentialSink(
    IOptions<BrokerOptions> options,
    MosquittoReloader reloader,
    ILogger<MosquittoCredentialSink> logger) : IDeviceCredentialSink, IHostedService, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    private bool IsActive => options.Value.Mode == BrokerMode.External && options.Value.Mosquitto.IsEnabled;

    /// <summary>Writes the gateway's line and the ACL, then asks Mosquitto to reload (a failure is only logged).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsActive)
        {
            return;
        }

        var broker = options.Value;
        await UpdateAsync(broker.UserName, broker.Password, writeAcl: true, cancellationToken).ConfigureAwait(false);
        LogFilesWritten(logger, broker.Mosquitto.PasswordFile, broker.Mosquitto.AclFile);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task SecretChangedAsync(string deviceId, string secret, CancellationToken cancellationToken)
    {
        if (!IsActive)
        {
            return;
        }

        if (!DeviceIds.IsValid(deviceId))
        {
            throw new ArgumentException($"'{deviceId}' is not a valid device id.", nameof(deviceId));
        }

        await UpdateAsync(deviceId, secret, writeAcl: false, cancellationToken).ConfigureAwait(false);
        LogDeviceWritten(logger, deviceId);
    }

    /// <inheritdoc />
    public async Task DeviceRetiredAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (!IsActive)
        {
            return;
        }

        if (!DeviceIds.IsValid(deviceId))
        {
            throw new ArgumentException($"'{deviceId}' is not a valid device id.", nameof(deviceId));
        }

        // Written and reloaded even when the line is already gone: a repeated retirement then also repairs a
        // reload that failed the first time.
        await UpdateAsync(deviceId, password: null, writeAcl: false, cancellationToken).ConfigureAwait(false);
        LogDeviceRemoved(logger, deviceId);
    }

    public void Dispose() => _gate.Dispose();

    /// <param name="password">The user's new secret; null removes the user's line.</param>
    private async Task UpdateAsync(string user, string? password, bool writeAcl, CancellationToken cancellationToken)
    {
        var mosquitto = options.Value.Mosquitto;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = File.Exists(mosquitto.PasswordFile)
                ? MosquittoPasswordFile.Parse(
                    await File.ReadAllTextAsync(mosquitto.PasswordFile, cancellationToken).ConfigureAwait(false))
                : new MosquittoPasswordFile();
            if (password is null)
            {
                file.Remove(user);
            }
            else
            {
                file.Set(user, MosquittoPasswordHash.Create(password));
            }

            await AtomicFile.WriteAllTextAsync(mosquitto.PasswordFile, file.Format(), cancellationToken)
                .ConfigureAwait(false);
            if (writeAcl)
            {
                await AtomicFile.WriteAllTextAsync(mosquitto.AclFile, MosquittoAclFile.Format(options.Value.UserName),
                    cancellationToken).ConfigureAwait(false);
            }

            // Inside the gate, so the reload Mosquitto performs last has seen the last file written.
            await reloader.ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Information,
        Message = "Wrote Mosquitto password file {PasswordFile} and ACL file {AclFile}")]
    private static partial void LogFilesWritten(ILogger logger, string passwordFile, string aclFile);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information,
        Message = "Wrote the Mosquitto password line of device {DeviceId}")]
    private static partial void LogDeviceWritten(ILogger logger, string deviceId);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information,
        Message = "Removed the Mosquitto password line of retired device {DeviceId}")]
    private static partial void LogDeviceRemoved(ILogger logger, string deviceId);
}
