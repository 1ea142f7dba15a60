// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>
/// Takes a device out of service (<c>DELETE /api/devices/{id}</c>): first the registry, so from then on its CONNECT
/// and its uplinks are refused and no credential sink knows it, then every <see cref="IDeviceRetirementStep"/>.
/// Its stored history stays. Rotating its secret (<see cref="DeviceRegistry.RotateSecretAsync"/>) returns it to
/// service. Thread-safe.
/// </summary>
public sealed class DeviceRetirement(
    DeviceRegistry registry, IEnumerable<IDeviceRetirementStep> steps, DeviceChangeSignal changes)
{
    /// <summary>Retires the device (again, if it already is: every step runs anyway).</summary>
    /// <returns>When it was retired (the first time); null if no such device is provisioned.</returns>
    public async Task<DateTimeOffset?> RetireAsync(string deviceId, CancellationToken cancellationToken)
    {
        var retiredAt = await registry.RetireAsync(deviceId, cancellationToken).ConfigureAwait(false);
        if (retiredAt is null)
        {
            return null;
        }

        foreach (var step in steps)
        {
            await step.DeviceRetiredAsync(deviceId, cancellationToken).ConfigureAwait(false);
        }

        changes.NotifyChanged();
        return retiredAt;
    }
}
