// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Contracts.Protocol;

/// <summary>
/// MQTT topics of protocol v1 (docs/protocol.md §1.1): <c>fleet/v1/{deviceId}/{up|down}/{kind}</c>. Pure and
/// thread-safe.
/// </summary>
public static class Topics
{
    /// <summary>The first two levels of every v1 topic; <c>v1</c> is the protocol major version.</summary>
    public const string Root = "fleet/v1";

    /// <summary>What the gateway subscribes to: every uplink topic of every device.</summary>
    public const string UplinkFilter = "fleet/v1/+/up/#";

    private const string Prefix = Root + "/";

    /// <summary>
    /// The topic <paramref name="type"/> travels on for <paramref name="deviceId"/>, e.g.
    /// <c>fleet/v1/cam-01/up/telemetry</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="deviceId"/> is not valid (<see cref="DeviceIds.IsValid"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not one of the 9 v1 types.</exception>
    public static string For(string deviceId, MessageType type)
    {
        RequireDeviceId(deviceId);
        return Prefix + deviceId + "/" + Suffix(type);
    }

    /// <summary>What a device subscribes to: <c>fleet/v1/{deviceId}/down/#</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="deviceId"/> is not valid (<see cref="DeviceIds.IsValid"/>).</exception>
    public static string DownlinkFilter(string deviceId)
    {
        RequireDeviceId(deviceId);
        return Prefix + deviceId + "/down/#";
    }

    /// <summary>
    /// Parses one of the 9 topics of §1.1. Returns false (with <paramref name="deviceId"/> empty) for anything
    /// else: another root or version, an invalid device id (including one with MQTT wildcards), an unknown
    /// direction or kind, missing or extra levels. Never throws.
    /// </summary>
    public static bool TryParse(string? topic, out string deviceId, out MessageType type)
    {
        deviceId = "";
        type = default;
        if (topic is null || !topic.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        int idEnd = topic.IndexOf('/', Prefix.Length);
        if (idEnd < 0)
        {
            return false;
        }

        string id = topic[Prefix.Length..idEnd];
        MessageType? parsed = FromSuffix(topic.AsSpan(idEnd + 1));
        if (parsed is null || !DeviceIds.IsValid(id))
        {
            return false;
        }

        deviceId = id;
        type = parsed.Value;
        return true;
    }

    /// <summary>
    /// True for the types a device publishes (1, 2, 3, 5, 7, 9); false for the gateway's downlink types (4, 6, 8)
    /// and for values outside the 9 v1 types.
    /// </summary>
    public static bool IsUplink(MessageType type) => type is MessageType.Detection or MessageType.Telemetry
        or MessageType.Status or MessageType.ReportedConfig or MessageType.OtaChunkRequest or MessageType.OtaResult;

    private static string Suffix(MessageType type) => type switch
    {
        MessageType.Detection => "up/detection",
        MessageType.Telemetry => "up/telemetry",
        MessageType.Status => "up/status",
        MessageType.ReportedConfig => "up/config",
        MessageType.OtaChunkRequest => "up/ota/request",
        MessageType.OtaResult => "up/ota/result",
        MessageType.DesiredConfig => "down/config",
        MessageType.OtaOffer => "down/ota/offer",
        MessageType.OtaChunk => "down/ota/chunk",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a protocol v1 message type."),
    };

    private static MessageType? FromSuffix(ReadOnlySpan<char> suffix) => suffix switch
    {
        "up/detection" => MessageType.Detection,
        "up/telemetry" => MessageType.Telemetry,
        "up/status" => MessageType.Status,
        "up/config" => MessageType.ReportedConfig,
        "up/ota/request" => MessageType.OtaChunkRequest,
        "up/ota/result" => MessageType.OtaResult,
        "down/config" => MessageType.DesiredConfig,
        "down/ota/offer" => MessageType.OtaOffer,
        "down/ota/chunk" => MessageType.OtaChunk,
        _ => null,
    };

    private static void RequireDeviceId(string deviceId)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        if (!DeviceIds.IsValid(deviceId))
        {
            throw new ArgumentException(
                $"'{deviceId}' is not a device id: 1–32 characters from [A-Za-z0-9._-].", nameof(deviceId));
        }
    }
}
