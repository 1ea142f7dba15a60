// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Storage;

/// <summary>What happened to one message of a stored batch.</summary>
public enum StoreOutcome
{
    /// <summary>Committed.</summary>
    Stored,

    /// <summary>Its <c>(device, type, seq)</c> was already stored; nothing written.</summary>
    Duplicate,

    /// <summary>No such device is provisioned; nothing written.</summary>
    UnknownDevice,
}
