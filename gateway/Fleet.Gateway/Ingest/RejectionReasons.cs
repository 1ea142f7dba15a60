// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Gateway.Ingest;

/// <summary>The snake_case names of docs/protocol.md §4, used as metric tags and in <c>/api/ingest/stats</c>.</summary>
public static class RejectionReasons
{
    /// <summary>Every rejection reason, in the order of §4.</summary>
    public static IReadOnlyList<DecodeError> All { get; } =
    [
        DecodeError.UnknownTopic, DecodeError.UnknownDevice, DecodeError.AclDenied, DecodeError.Oversized,
        DecodeError.Malformed, DecodeError.UnsupportedVersion, DecodeError.TypeMismatch, DecodeError.InvalidField,
        DecodeError.Duplicate,
    ];

    public static string Name(DecodeError reason) => reason switch
    {
        DecodeError.UnknownTopic => "unknown_topic",
        DecodeError.UnknownDevice => "unknown_device",
        DecodeError.AclDenied => "acl_denied",
        DecodeError.Oversized => "oversized",
        DecodeError.Malformed => "malformed",
        DecodeError.UnsupportedVersion => "unsupported_version",
        DecodeError.TypeMismatch => "type_mismatch",
        DecodeError.InvalidField => "invalid_field",
        DecodeError.Duplicate => "duplicate",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a rejection reason."),
    };

    /// <summary>The <c>type</c> tag of accepted messages: the topic's last levels in snake_case.</summary>
    public static string TypeName(MessageType type) => type switch
    {
        MessageType.Detection => "detection",
        MessageType.Telemetry => "telemetry",
        MessageType.Status => "status",
        MessageType.DesiredConfig => "desired_config",
        MessageType.ReportedConfig => "reported_config",
        MessageType.OtaOffer => "ota_offer",
        MessageType.OtaChunkRequest => "ota_request",
        MessageType.OtaChunk => "ota_chunk",
        MessageType.OtaResult => "ota_result",
        _ => "unknown",
    };
}
