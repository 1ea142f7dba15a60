// SPDX-License-Identifier: MIT
namespace Fleet.Contracts.Protocol;

/// <summary>
/// The numeric limits of protocol v1 (docs/protocol.md §2.1 and §3). Lengths of text are in bytes, which equal
/// characters because every v1 string is ASCII.
/// </summary>
public static class ProtocolLimits
{
    /// <summary>Value of key 0 (schema version) that this build speaks.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Largest payload in bytes; the gateway rejects larger ones unread (reason <c>oversized</c>).</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>Shortest device id in characters.</summary>
    public const int MinDeviceIdLength = 1;

    /// <summary>Longest device id in characters (<c>[A-Za-z0-9._-]</c>).</summary>
    public const int MaxDeviceIdLength = 32;

    /// <summary>Longest model id in bytes (<c>[A-Za-z0-9._-]</c>); it may be empty except in an OTA offer.</summary>
    public const int MaxModelIdLength = 31;

    /// <summary>Longest firmware version in bytes (printable ASCII, 0x20–0x7E).</summary>
    public const int MaxFirmwareVersionLength = 23;

    /// <summary>Longest detection box label in bytes (printable ASCII, 0x20–0x7E).</summary>
    public const int MaxLabelLength = 15;

    /// <summary>Most boxes in one detection event.</summary>
    public const int MaxBoxes = 16;

    /// <summary>Items in one box array: x, y, w, h, score_pmy, label.</summary>
    public const int BoxItemCount = 6;

    /// <summary>Largest OTA chunk in bytes; also the upper bound of an offer's chunk size and a request's length.</summary>
    public const int MaxChunkBytes = 1024;

    /// <summary>Largest OTA artifact in bytes (offer key 6), 16 MiB.</summary>
    public const uint MaxArtifactBytes = 16_777_216;

    /// <summary>Length in bytes of the SHA-256 digest in an OTA offer.</summary>
    public const int Sha256Bytes = 32;

    /// <summary>Length in bytes of the OTA offer's signature: ECDSA P-256 r || s (docs/model-signing.md).</summary>
    public const int SignatureBytes = 64;

    /// <summary>Largest score in per myriad (10,000 = certain).</summary>
    public const ushort MaxScorePmy = 10_000;

    /// <summary>Largest state of charge in per mille (1,000 = full).</summary>
    public const ushort MaxSocPm = 1_000;

    /// <summary>Entries of the telemetry wake ledger (key 15) when present, one per <c>WakeLedgerState</c>.</summary>
    public const int WakeLedgerStates = 8;

    /// <summary>Longest reject reason (reported config key 12) in characters, printable ASCII.</summary>
    public const int MaxRejectReasonLength = 63;

    /// <summary>Largest quiet-hours bound (config keys 13/14): minutes after midnight, 0–1439.</summary>
    public const ushort MaxQuietMinute = 1_439;

    /// <summary>Highest OTA result code v1 defines (<c>OtaResultCode.DeferredLowBattery</c>).</summary>
    public const byte MaxOtaResultCode = 9;

    /// <summary>Shortest configurable wake interval in seconds.</summary>
    public const uint MinWakeIntervalS = 1;

    /// <summary>Longest configurable wake interval in seconds (one day).</summary>
    public const uint MaxWakeIntervalS = 86_400;

    /// <summary>Smallest "send telemetry every N-th wake".</summary>
    public const ushort MinTelemetryEvery = 1;

    /// <summary>Largest "send telemetry every N-th wake".</summary>
    public const ushort MaxTelemetryEvery = 1_000;
}
