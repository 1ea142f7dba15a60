// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>
/// Something besides the registry that must learn a device's secret while it is still known in clear: at
/// provisioning and at rotation (an external broker's password file, for instance). The registry calls every
/// registered sink after it has stored its own salted hash; a sink that throws fails the provisioning call.
/// </summary>
public interface IDeviceCredentialSink
{
    /// <summary>
    /// <paramref name="deviceId"/> now has <paramref name="secret"/> (new device or rotated secret). Implementations
    /// keep only their own hash of it, never the clear text.
    /// </summary>
    Task SecretChangedAsync(string deviceId, string secret, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="deviceId"/> was retired: it must no longer authenticate. Called again when an operator
    /// repeats the retirement, so implementations must be idempotent. Rotating the secret later returns the device
    /// to service through <see cref="SecretChangedAsync"/>.
    /// </summary>
    Task DeviceRetiredAsync(string deviceId, CancellationToken cancellationToken);
}
