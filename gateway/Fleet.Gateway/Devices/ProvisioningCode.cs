// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>Outcome of creating a device or rotating its credentials.</summary>
public enum ProvisioningCode
{
    /// <summary>The device was created; the result carries its first secret.</summary>
    Created,

    /// <summary>The secret was replaced; the old one no longer connects.</summary>
    Rotated,

    /// <summary>Create refused: a device with that id exists (rotate its credentials instead).</summary>
    AlreadyExists,

    /// <summary>Create refused: a retired device has that id (rotate its credentials to return it to service).</summary>
    AlreadyExistsRetired,

    /// <summary>Rotate refused: no such device.</summary>
    UnknownDevice,
}
