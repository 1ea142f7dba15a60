// SPDX-License-Identifier: MIT
namespace Fleet.Contracts.Protocol;

/// <summary>Device id rules of docs/protocol.md §1: 1–32 characters from <c>[A-Za-z0-9._-]</c>.</summary>
public static class DeviceIds
{
    /// <summary>
    /// True when <paramref name="deviceId"/> is a valid device id. Such an id never contains <c>/</c>, <c>+</c> or
    /// <c>#</c>, so it is safe as one MQTT topic level. Null or empty returns false; never throws.
    /// </summary>
    public static bool IsValid(string? deviceId) =>
        deviceId is { Length: >= ProtocolLimits.MinDeviceIdLength and <= ProtocolLimits.MaxDeviceIdLength }
        && ProtocolText.IsIdText(deviceId);
}
