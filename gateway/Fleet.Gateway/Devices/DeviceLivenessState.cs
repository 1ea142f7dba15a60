// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>What the gateway believes a device is doing (names as in the API: lower case).</summary>
public enum DeviceLivenessState
{
    /// <summary>No status received yet.</summary>
    Unknown,

    /// <summary>Awake: its birth message is the latest status.</summary>
    Online,

    /// <summary>Asleep as planned, including a little late: not yet past the missed-wake limit.</summary>
    Sleeping,

    /// <summary>Its will fired (the link died mid-wake), or it missed the configured number of planned wakes.</summary>
    Offline,
}
