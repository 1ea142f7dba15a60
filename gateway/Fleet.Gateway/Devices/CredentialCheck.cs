// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>Outcome of checking a device's CONNECT credentials.</summary>
public enum CredentialCheck
{
    /// <summary>The device exists and the secret matches.</summary>
    Valid,

    /// <summary>No device with that id is provisioned (counted as <c>unknown_device</c>).</summary>
    UnknownDevice,

    /// <summary>The device exists but the secret is wrong.</summary>
    WrongSecret,
}
