// SPDX-License-Identifier: MIT
using System.Formats.Cbor;
using Fleet.Contracts.Messages;
using L = Fleet.Contracts.Protocol.ProtocolLimits;

namespace Fleet.Contracts.Protocol;

public static partial class FleetCodec
{
    /// <summary>Parameter name reported by the argument exceptions of <see cref="Encode"/>.</summary>
    private const string MessageParam = "message";

    /// <summary>
    /// Encodes <paramref name="message"/> as a protocol v1 payload: a map with keys 0 (schema 1), 1 (type),
    /// 2 (device id) and the type's fields of §3, in the deterministic encoding of §2, so equal messages always
    /// give equal bytes. The result is at most <see cref="ProtocolLimits.MaxPayloadBytes"/> bytes.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/>, one of its strings, lists or boxes is null.</exception>
    /// <exception cref="ArgumentException">
    /// A value is outside the protocol's range (invalid device or model id, text too long or outside its alphabet,
    /// more than 16 boxes, score above 10,000, wrong digest or signature length, undefined enum value, …) or the
    /// message is not one of the 9 v1 records. The message names the field.
    /// </exception>
    public static byte[] Encode(FleetMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);

        // Ctap2Canonical writes shortest integers and definite lengths and sorts map keys: §2's encoding.
        var writer = new CborWriter(CborConformanceMode.Ctap2Canonical, convertIndefiniteLengthEncodings: false);
        switch (message)
        {
            case DetectionEvent m: WriteDetection(writer, m); break;
            case Telemetry m: WriteTelemetry(writer, m); break;
            case StatusMessage m: WriteStatus(writer, m); break;
            case DesiredConfig m: WriteConfig(writer, m, m.Config, applyResult: null, rejectReason: null); break;
            case ReportedConfig m: WriteConfig(writer, m, m.Config, m.ApplyResult, m.RejectReason); break;
            case OtaOffer m: WriteOtaOffer(writer, m); break;
            case OtaChunkRequest m: WriteOtaChunkRequest(writer, m); break;
            case OtaChunk m: WriteOtaChunk(writer, m); break;
            case OtaResult m: WriteOtaResult(writer, m); break;
            default:
                throw new ArgumentException($"{message.GetType().Name} is not a protocol v1 message.", nameof(message));
        }

        return writer.Encode();
    }

    private static void WriteDetection(CborWriter w, DetectionEvent m)
    {
        ArgumentNullException.ThrowIfNull(m.Boxes, MessageParam + ".Boxes");
        Require(m.Boxes.Count <= L.MaxBoxes, $"Boxes: {m.Boxes.Count} boxes exceeds {L.MaxBoxes}");
        WriteHeader(w, m, pairs: 12);
        PutUInt(w, 3, m.Sequence);
        PutUInt(w, 4, m.DeviceTimeMs);
        PutUInt(w, 5, CheckedEnum((byte)m.Detector, 3, "Detector"));
        w.WriteUInt32(6);
        w.WriteStartArray(m.Boxes.Count);
        for (int i = 0; i < m.Boxes.Count; i++)
        {
            DetectionBox box = m.Boxes[i] ?? throw new ArgumentNullException(MessageParam, $"Boxes[{i}] is null.");
            Require(box.ScorePmy <= L.MaxScorePmy, $"Boxes[{i}].ScorePmy: {box.ScorePmy} exceeds {L.MaxScorePmy}");
            w.WriteStartArray(L.BoxItemCount);
            w.WriteUInt32(box.X);
            w.WriteUInt32(box.Y);
            w.WriteUInt32(box.Width);
            w.WriteUInt32(box.Height);
            w.WriteUInt32(box.ScorePmy);
            w.WriteTextString(CheckedText(box.Label, 0, L.MaxLabelLength, idAlphabet: false, $"Boxes[{i}].Label"));
            w.WriteEndArray();
        }

        w.WriteEndArray();
        PutText(w, 7, CheckedText(m.ModelId, 0, L.MaxModelIdLength, idAlphabet: true, "ModelId"));
        PutUInt(w, 8, m.ModelVersion);
        PutUInt(w, 9, m.InferenceUs);
        PutUInt(w, 10, m.InferenceMacs);
        PutUInt(w, 11, m.EnergyUj);
        w.WriteEndMap();
    }

    private static void WriteTelemetry(CborWriter w, Telemetry m)
    {
        Require(m.SocPm <= L.MaxSocPm, $"SocPm: {m.SocPm} exceeds {L.MaxSocPm}");
        Require(m.WakeLedgerUc is null || m.WakeLedgerUc.Count == L.WakeLedgerStates,
            $"WakeLedgerUc: {m.WakeLedgerUc?.Count} entries, expected {L.WakeLedgerStates} (or null for none)");
        WriteHeader(w, m, pairs: 15 + (m.WakeLedgerUc is null ? 0 : 1) + (m.DroppedTelemetry is null ? 0 : 1)
            + (m.DroppedDetections is null ? 0 : 1));
        PutUInt(w, 3, m.Sequence);
        PutUInt(w, 4, m.DeviceTimeMs);
        PutUInt(w, 5, m.BatteryMv);
        PutUInt(w, 6, m.SocPm);
        PutInt(w, 7, m.TemperatureCc);
        PutUInt(w, 8, m.ChargeUsedUah);
        PutUInt(w, 9, m.WakeCount);
        PutUInt(w, 10, m.UptimeS);
        PutText(w, 11, CheckedText(m.FirmwareVersion, 0, L.MaxFirmwareVersionLength, idAlphabet: false, "FirmwareVersion"));
        PutText(w, 12, CheckedText(m.ModelId, 0, L.MaxModelIdLength, idAlphabet: true, "ModelId"));
        PutUInt(w, 13, m.ModelVersion);
        PutInt(w, 14, m.RssiDbm);
        if (m.WakeLedgerUc is { } ledger)
        {
            w.WriteUInt32(15);
            w.WriteStartArray(ledger.Count);
            foreach (uint charge in ledger)
            {
                w.WriteUInt32(charge);
            }

            w.WriteEndArray();
        }

        PutOptionalUInt(w, 16, m.DroppedTelemetry);
        PutOptionalUInt(w, 17, m.DroppedDetections);
        w.WriteEndMap();
    }

    private static void PutOptionalUInt(CborWriter w, uint key, uint? value)
    {
        if (value is { } v)
        {
            PutUInt(w, key, v);
        }
    }

    private static void WriteStatus(CborWriter w, StatusMessage m)
    {
        WriteHeader(w, m, pairs: 9);
        PutUInt(w, 3, m.Sequence);
        PutUInt(w, 4, m.DeviceTimeMs);
        PutUInt(w, 5, CheckedEnum((byte)m.State, 2, "State"));
        PutText(w, 6, CheckedText(m.FirmwareVersion, 0, L.MaxFirmwareVersionLength, idAlphabet: false, "FirmwareVersion"));
        PutUInt(w, 7, CheckedEnum((byte)m.WakeReason, 4, "WakeReason"));
        PutUInt(w, 8, m.NextWakeS);
        w.WriteEndMap();
    }

    private static void WriteConfig(CborWriter w, FleetMessage m, DeviceConfig c, ConfigApplyResult? applyResult,
        string? rejectReason)
    {
        ArgumentNullException.ThrowIfNull(c, MessageParam + ".Config");
        Require(c.WakeIntervalS is >= L.MinWakeIntervalS and <= L.MaxWakeIntervalS,
            $"Config.WakeIntervalS: {c.WakeIntervalS} is outside {L.MinWakeIntervalS}–{L.MaxWakeIntervalS}");
        Require(c.TelemetryEvery is >= L.MinTelemetryEvery and <= L.MaxTelemetryEvery,
            $"Config.TelemetryEvery: {c.TelemetryEvery} is outside {L.MinTelemetryEvery}–{L.MaxTelemetryEvery}");
        Require(c.ScoreThresholdPmy <= L.MaxScorePmy,
            $"Config.ScoreThresholdPmy: {c.ScoreThresholdPmy} exceeds {L.MaxScorePmy}");
        Require(c.QuietStartMin.HasValue == c.QuietEndMin.HasValue,
            $"Config.QuietStartMin/QuietEndMin: {c.QuietStartMin?.ToString() ?? "null"}/{c.QuietEndMin?.ToString() ?? "null"}, both or neither");
        Require(c.QuietStartMin is null or <= L.MaxQuietMinute,
            $"Config.QuietStartMin: {c.QuietStartMin} exceeds {L.MaxQuietMinute}");
        Require(c.QuietEndMin is null or <= L.MaxQuietMinute,
            $"Config.QuietEndMin: {c.QuietEndMin} exceeds {L.MaxQuietMinute}");
        Require(rejectReason is null || applyResult is not (null or ConfigApplyResult.Applied),
            "RejectReason: only with a rejection (ApplyResult other than Applied)");
        string? reason = rejectReason is null
            ? null
            : CheckedText(rejectReason, 0, L.MaxRejectReasonLength, idAlphabet: false, "RejectReason");
        int pairs = (applyResult is null ? 11 : 12) + (reason is null ? 0 : 1) + (c.QuietStartMin is null ? 0 : 2);
        WriteHeader(w, m, pairs);
        PutUInt(w, 3, c.ConfigVersion);
        PutUInt(w, 4, c.WakeIntervalS);
        PutUInt(w, 5, c.TelemetryEvery);
        PutUInt(w, 6, c.ScoreThresholdPmy);
        PutUInt(w, 7, CheckedEnum((byte)c.Detector, 3, "Config.Detector"));
        PutText(w, 8, CheckedText(c.ModelId, 0, L.MaxModelIdLength, idAlphabet: true, "Config.ModelId"));
        PutUInt(w, 9, c.ModelVersion);
        w.WriteUInt32(10);
        w.WriteBoolean(c.ReportEmpty);
        if (applyResult is { } result)
        {
            PutUInt(w, 11, CheckedEnum((byte)result, 2, "ApplyResult"));
        }

        if (reason is not null)
        {
            PutText(w, 12, reason);
        }

        if (c.QuietStartMin is { } start && c.QuietEndMin is { } end)
        {
            PutUInt(w, 13, start);
            PutUInt(w, 14, end);
        }

        w.WriteEndMap();
    }

    private static void WriteOtaOffer(CborWriter w, OtaOffer m)
    {
        Require(m.SizeBytes is >= 1 and <= L.MaxArtifactBytes, $"SizeBytes: {m.SizeBytes} is outside 1–{L.MaxArtifactBytes}");
        Require(m.Sha256.Length == L.Sha256Bytes, $"Sha256: {m.Sha256.Length} bytes, expected {L.Sha256Bytes}");
        Require(m.ChunkSize is >= 1 and <= L.MaxChunkBytes, $"ChunkSize: {m.ChunkSize} is outside 1–{L.MaxChunkBytes}");
        Require(m.Signature.Length == L.SignatureBytes, $"Signature: {m.Signature.Length} bytes, expected {L.SignatureBytes}");
        WriteHeader(w, m, pairs: 10);
        PutUInt(w, 3, m.OfferId);
        PutText(w, 4, CheckedText(m.ModelId, 1, L.MaxModelIdLength, idAlphabet: true, "ModelId"));
        PutUInt(w, 5, m.ModelVersion);
        PutUInt(w, 6, m.SizeBytes);
        w.WriteUInt32(7);
        w.WriteByteString(m.Sha256.Span);
        PutUInt(w, 8, m.ChunkSize);
        w.WriteUInt32(9);
        w.WriteByteString(m.Signature.Span);
        w.WriteEndMap();
    }

    private static void WriteOtaChunkRequest(CborWriter w, OtaChunkRequest m)
    {
        Require(m.Length is >= 1 and <= L.MaxChunkBytes, $"Length: {m.Length} is outside 1–{L.MaxChunkBytes}");
        WriteHeader(w, m, pairs: 6);
        PutUInt(w, 3, m.OfferId);
        PutUInt(w, 4, m.Offset);
        PutUInt(w, 5, m.Length);
        w.WriteEndMap();
    }

    private static void WriteOtaChunk(CborWriter w, OtaChunk m)
    {
        Require(m.Data.Length is >= 1 and <= L.MaxChunkBytes, $"Data: {m.Data.Length} bytes is outside 1–{L.MaxChunkBytes}");
        WriteHeader(w, m, pairs: 6);
        PutUInt(w, 3, m.OfferId);
        PutUInt(w, 4, m.Offset);
        w.WriteUInt32(5);
        w.WriteByteString(m.Data.Span);
        w.WriteEndMap();
    }

    private static void WriteOtaResult(CborWriter w, OtaResult m)
    {
        WriteHeader(w, m, pairs: 6);
        PutUInt(w, 3, m.OfferId);
        PutUInt(w, 4, CheckedEnum((byte)m.Code, L.MaxOtaResultCode, "Code"));
        PutUInt(w, 5, m.ActiveModelVersion);
        w.WriteEndMap();
    }

    /// <summary>Starts the map and writes keys 0–2, which every message shares.</summary>
    private static void WriteHeader(CborWriter w, FleetMessage m, int pairs)
    {
        ArgumentNullException.ThrowIfNull(m.DeviceId, MessageParam + ".DeviceId");
        Require(DeviceIds.IsValid(m.DeviceId), $"DeviceId: '{m.DeviceId}' is not 1–32 characters of [A-Za-z0-9._-]");
        w.WriteStartMap(pairs);
        PutUInt(w, 0, (ulong)L.SchemaVersion);
        PutUInt(w, 1, (ulong)m.Type);
        PutText(w, 2, m.DeviceId);
    }

    private static void PutUInt(CborWriter w, uint key, ulong value)
    {
        w.WriteUInt32(key);
        w.WriteUInt64(value);
    }

    private static void PutInt(CborWriter w, uint key, long value)
    {
        w.WriteUInt32(key);
        w.WriteInt64(value);
    }

    private static void PutText(CborWriter w, uint key, string value)
    {
        w.WriteUInt32(key);
        w.WriteTextString(value);
    }

    private static byte CheckedEnum(byte value, byte max, string field)
    {
        Require(value <= max, $"{field}: {value} is not a defined value (0–{max})");
        return value;
    }

    private static string CheckedText(string? value, int minLength, int maxLength, bool idAlphabet, string field)
    {
        ArgumentNullException.ThrowIfNull(value, MessageParam + "." + field);
        bool ok = idAlphabet ? ProtocolText.IsIdText(value) : ProtocolText.IsPrintableAscii(value);
        Require(ok, $"{field}: contains a character outside {(idAlphabet ? "[A-Za-z0-9._-]" : "printable ASCII")}");
        Require(value.Length >= minLength && value.Length <= maxLength,
            $"{field}: {value.Length} characters is outside {minLength}–{maxLength}");
        return value;
    }

    private static void Require(bool condition, string detail)
    {
        if (!condition)
        {
            throw new ArgumentException(detail + " (docs/protocol.md §2.1, §3).", MessageParam);
        }
    }
}
