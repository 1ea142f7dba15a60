// SPDX-License-Identifier: MIT
using Fleet.Contracts.Cbor;
using Fleet.Contracts.Messages;
using L = Fleet.Contracts.Protocol.ProtocolLimits;

namespace Fleet.Contracts.Protocol;

public static partial class FleetCodec
{
    private static FleetMessage ReadMessage(PayloadReader r, MessageType? expectedType, string? expectedDeviceId)
    {
        r.OpenMap();

        // The version comes first and is judged alone: a schema-2 payload may have any keys after it, and the
        // sender should hear "unsupported version", not a field error about keys v1 does not know.
        r.Key(0, "schema version");
        ulong schema = r.UInt(0, "schema version", 0, ulong.MaxValue);
        if (schema != L.SchemaVersion)
        {
            throw new PayloadRejectedException(DecodeError.UnsupportedVersion,
                $"key 0 (schema version): {schema}, this gateway speaks {L.SchemaVersion}");
        }

        // Topic checks come as soon as their key is read, so the first error in byte order wins, as in the C
        // decoder: a payload of another type is a mismatch even if its later fields would not parse as this one.
        r.Key(1, "message type");
        ulong rawType = r.UInt(1, "message type", 0, ulong.MaxValue);
        if (expectedType is { } topicType && rawType != (ulong)topicType)
        {
            throw new PayloadRejectedException(DecodeError.TypeMismatch,
                $"key 1 (message type): payload is type {rawType}, the topic carries type {(int)topicType} ({topicType})");
        }

        if (rawType is < 1 or > 9)
        {
            throw new PayloadRejectedException(DecodeError.InvalidField,
                $"key 1 (message type): {rawType} is outside 1–9");
        }

        var type = (MessageType)rawType;
        r.SetMaxKey(MaxKey(type));
        r.Key(2, "device id");
        string deviceId = r.Text(2, "device id", L.MinDeviceIdLength, L.MaxDeviceIdLength, TextAlphabet.Id);

        // Ordinal: device ids are case-sensitive ASCII, exactly as they appear in the topic ACL.
        if (expectedDeviceId is not null && !string.Equals(deviceId, expectedDeviceId, StringComparison.Ordinal))
        {
            throw new PayloadRejectedException(DecodeError.TypeMismatch,
                $"key 2 (device id): '{deviceId}', but the topic is for '{expectedDeviceId}'");
        }

        FleetMessage message = type switch
        {
            MessageType.Detection => ReadDetection(r, deviceId),
            MessageType.Telemetry => ReadTelemetry(r, deviceId),
            MessageType.Status => ReadStatus(r, deviceId),
            MessageType.DesiredConfig => new DesiredConfig(deviceId, ReadQuietHours(r, ReadConfig(r))),
            MessageType.ReportedConfig => ReadReportedConfig(r, deviceId),
            MessageType.OtaOffer => ReadOtaOffer(r, deviceId),
            MessageType.OtaChunkRequest => new OtaChunkRequest(deviceId, U32(r, 3, "offer_id"), U32(r, 4, "offset"),
                U16(r, 5, "length", 1, L.MaxChunkBytes)),
            MessageType.OtaChunk => new OtaChunk(deviceId, U32(r, 3, "offer_id"), U32(r, 4, "offset"),
                KeyedBytes(r, 5, "data", 1, L.MaxChunkBytes)),
            _ => new OtaResult(deviceId, U32(r, 3, "offer_id"), (OtaResultCode)U8(r, 4, "code", L.MaxOtaResultCode),
                U32(r, 5, "active_model_version")),
        };

        r.CloseMap();
        return message;
    }

    /// <summary>The highest key of each type (§3); every key from 0 up to it is mandatory.</summary>
    private static int MaxKey(MessageType type) => type switch
    {
        MessageType.Detection => 11,
        MessageType.Telemetry => 17,
        MessageType.Status => 8,
        MessageType.DesiredConfig => 14,
        MessageType.ReportedConfig => 14,
        MessageType.OtaOffer => 9,
        _ => 5,
    };

    private static DetectionEvent ReadDetection(PayloadReader r, string deviceId)
    {
        uint seq = U32(r, 3, "seq");
        ulong timeMs = U64(r, 4, "device_time_ms");
        var detector = (DetectorKind)U8(r, 5, "detector", 3);

        r.Key(6, "boxes");
        int count = r.StartArray(6, "boxes", 0, L.MaxBoxes);
        var boxes = new DetectionBox[count];
        for (int i = 0; i < count; i++)
        {
            r.BoxIndex = i;
            r.StartArray(6, "box", L.BoxItemCount, L.BoxItemCount);
            boxes[i] = new DetectionBox(
                (ushort)r.UInt(6, "x", 0, ushort.MaxValue),
                (ushort)r.UInt(6, "y", 0, ushort.MaxValue),
                (ushort)r.UInt(6, "w", 0, ushort.MaxValue),
                (ushort)r.UInt(6, "h", 0, ushort.MaxValue),
                (ushort)r.UInt(6, "score_pmy", 0, L.MaxScorePmy),
                r.Text(6, "label", 0, L.MaxLabelLength, TextAlphabet.PrintableAscii));
            r.EndArray();
        }

        r.BoxIndex = -1;
        r.EndArray();

        return new DetectionEvent(deviceId, seq, timeMs, detector, boxes,
            KeyedText(r, 7, "model_id", 0, L.MaxModelIdLength, TextAlphabet.Id),
            U32(r, 8, "model_version"), U32(r, 9, "inference_us"), U32(r, 10, "inference_macs"),
            U32(r, 11, "energy_uj"));
    }

    private static Telemetry ReadTelemetry(PayloadReader r, string deviceId) => new(
        deviceId,
        U32(r, 3, "seq"),
        U64(r, 4, "device_time_ms"),
        U16(r, 5, "battery_mv"),
        U16(r, 6, "soc_pm", 0, L.MaxSocPm),
        (short)KeyedInt(r, 7, "temperature_cc", short.MinValue, short.MaxValue),
        U32(r, 8, "charge_used_uah"),
        U32(r, 9, "wake_count"),
        U32(r, 10, "uptime_s"),
        KeyedText(r, 11, "firmware_version", 0, L.MaxFirmwareVersionLength, TextAlphabet.PrintableAscii),
        KeyedText(r, 12, "model_id", 0, L.MaxModelIdLength, TextAlphabet.Id),
        U32(r, 13, "model_version"),
        (sbyte)KeyedInt(r, 14, "rssi_dbm", sbyte.MinValue, sbyte.MaxValue),
        ReadWakeLedger(r),
        OptU32(r, 16, "dropped_telemetry"),
        OptU32(r, 17, "dropped_detections"));

    /// <summary>Optional key 15: present means exactly 8 entries.</summary>
    private static uint[]? ReadWakeLedger(PayloadReader r)
    {
        if (!r.TryKey(15))
        {
            return null;
        }

        int count = r.StartArray(15, "wake_ledger", L.WakeLedgerStates, L.WakeLedgerStates);
        var ledger = new uint[count];
        for (int i = 0; i < count; i++)
        {
            ledger[i] = (uint)r.UInt(15, "wake_ledger", 0, uint.MaxValue);
        }

        r.EndArray();
        return ledger;
    }

    private static StatusMessage ReadStatus(PayloadReader r, string deviceId) => new(
        deviceId,
        U32(r, 3, "seq"),
        U64(r, 4, "device_time_ms"),
        (DeviceState)U8(r, 5, "state", 2),
        KeyedText(r, 6, "firmware_version", 0, L.MaxFirmwareVersionLength, TextAlphabet.PrintableAscii),
        (WakeReason)U8(r, 7, "wake_reason", 4),
        U32(r, 8, "next_wake_s"));

    /// <summary>Keys 3–10, shared by desired (type 4) and reported (type 5) config.</summary>
    private static DeviceConfig ReadConfig(PayloadReader r)
    {
        uint version = U32(r, 3, "config_version");
        uint wakeIntervalS = U32(r, 4, "wake_interval_s", L.MinWakeIntervalS, L.MaxWakeIntervalS);
        ushort telemetryEvery = U16(r, 5, "telemetry_every", L.MinTelemetryEvery, L.MaxTelemetryEvery);
        ushort threshold = U16(r, 6, "score_threshold_pmy", 0, L.MaxScorePmy);
        var detector = (DetectorKind)U8(r, 7, "detector", 3);
        string modelId = KeyedText(r, 8, "model_id", 0, L.MaxModelIdLength, TextAlphabet.Id);
        uint modelVersion = U32(r, 9, "model_version");
        r.Key(10, "report_empty");
        bool reportEmpty = r.Bool(10, "report_empty");
        return new DeviceConfig(version, wakeIntervalS, telemetryEvery, threshold, detector, modelId, modelVersion,
            reportEmpty);
    }

    /// <summary>Type 5: keys 3–11, then the optional 12 (reject reason, only with a rejection) and 13–14.</summary>
    private static ReportedConfig ReadReportedConfig(PayloadReader r, string deviceId)
    {
        DeviceConfig config = ReadConfig(r);
        var result = (ConfigApplyResult)U8(r, 11, "apply_result", 2);
        string? reason = r.TryKey(12)
            ? r.Text(12, "reject_reason", 0, L.MaxRejectReasonLength, TextAlphabet.PrintableAscii)
            : null;
        config = ReadQuietHours(r, config);
        if (reason is not null && result == ConfigApplyResult.Applied)
        {
            throw PayloadReader.RuleBroken("key 12 (reject_reason): present, but apply_result is 0 (applied)");
        }

        return new ReportedConfig(deviceId, config, result, reason);
    }

    /// <summary>Optional keys 13 and 14 of both config types: both or neither.</summary>
    private static DeviceConfig ReadQuietHours(PayloadReader r, DeviceConfig config)
    {
        ushort? start = OptU16(r, 13, "quiet_start_min", 0, L.MaxQuietMinute);
        ushort? end = OptU16(r, 14, "quiet_end_min", 0, L.MaxQuietMinute);
        if (start.HasValue != end.HasValue)
        {
            throw PayloadReader.RuleBroken(start.HasValue
                ? "key 14 (quiet_end_min): missing, but key 13 (quiet_start_min) is present (both or neither)"
                : "key 13 (quiet_start_min): missing, but key 14 (quiet_end_min) is present (both or neither)");
        }

        return start.HasValue ? config with { QuietStartMin = start, QuietEndMin = end } : config;
    }

    private static uint? OptU32(PayloadReader r, int key, string name) =>
        r.TryKey(key) ? (uint)r.UInt(key, name, 0, uint.MaxValue) : null;

    private static ushort? OptU16(PayloadReader r, int key, string name, ushort min, ushort max) =>
        r.TryKey(key) ? (ushort)r.UInt(key, name, min, max) : null;

    private static OtaOffer ReadOtaOffer(PayloadReader r, string deviceId) => new(
        deviceId,
        U32(r, 3, "offer_id"),
        KeyedText(r, 4, "model_id", 1, L.MaxModelIdLength, TextAlphabet.Id),
        U32(r, 5, "model_version"),
        U32(r, 6, "size_bytes", 1, L.MaxArtifactBytes),
        KeyedBytes(r, 7, "sha256", L.Sha256Bytes, L.Sha256Bytes),
        U16(r, 8, "chunk_size", 1, L.MaxChunkBytes),
        KeyedBytes(r, 9, "signature", L.SignatureBytes, L.SignatureBytes));

    // Each helper consumes the key, then its value; argument evaluation order (left to right) keeps the keys in
    // the order the constructors list them, which is the key order of §3.
    private static ulong U64(PayloadReader r, int key, string name)
    {
        r.Key(key, name);
        return r.UInt(key, name, 0, ulong.MaxValue);
    }

    private static uint U32(PayloadReader r, int key, string name, uint min = 0, uint max = uint.MaxValue)
    {
        r.Key(key, name);
        return (uint)r.UInt(key, name, min, max);
    }

    private static ushort U16(PayloadReader r, int key, string name, ushort min = 0, ushort max = ushort.MaxValue)
    {
        r.Key(key, name);
        return (ushort)r.UInt(key, name, min, max);
    }

    private static byte U8(PayloadReader r, int key, string name, byte max)
    {
        r.Key(key, name);
        return (byte)r.UInt(key, name, 0, max);
    }

    private static long KeyedInt(PayloadReader r, int key, string name, long min, long max)
    {
        r.Key(key, name);
        return r.Int(key, name, min, max);
    }

    private static string KeyedText(PayloadReader r, int key, string name, int minLength, int maxLength,
        TextAlphabet alphabet)
    {
        r.Key(key, name);
        return r.Text(key, name, minLength, maxLength, alphabet);
    }

    private static byte[] KeyedBytes(PayloadReader r, int key, string name, int minLength, int maxLength)
    {
        r.Key(key, name);
        return r.Bytes(key, name, minLength, maxLength);
    }
}
