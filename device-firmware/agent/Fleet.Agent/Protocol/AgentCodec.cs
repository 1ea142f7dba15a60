using System;

namespace Fleet.Agent.Protocol;

/// <summary>
/// Encodes the messages a device sends and decodes those it receives (docs/protocol.md §3), in the subset: the
/// gateway's codec (shared/Fleet.Contracts) needs System.Formats.Cbor and records, which nanoFramework lacks.
/// tests/Fleet.Agent.Tests checks every message against the gateway's codec byte for byte.
/// </summary>
public static class AgentCodec
{
    /// <summary>
    /// <see cref="DeviceSettings.QuietStartMin"/> of a decoded desired config without keys 13/14: the sender said
    /// nothing about quiet hours (distinct from <see cref="DeviceSettings.NoQuietHours"/>).
    /// </summary>
    public const int QuietHoursAbsent = -2;

    /// <summary>Longest reject reason on the wire (reported config key 12).</summary>
    public const int MaxRejectReasonLength = 63;

    public static byte[] EncodeStatus(string deviceId, uint seq, ulong timeMs, int state, string firmware, int wakeReason, uint nextWakeS)
    {
        CborWriter w = Begin(deviceId, MessageTypes.Status, 9);
        w.WriteUInt(3); w.WriteUInt(seq);
        w.WriteUInt(4); w.WriteUInt(timeMs);
        w.WriteUInt(5); w.WriteUInt((ulong)state);
        w.WriteUInt(6); w.WriteText(firmware);
        w.WriteUInt(7); w.WriteUInt((ulong)wakeReason);
        w.WriteUInt(8); w.WriteUInt(nextWakeS);
        return w.ToArray();
    }

    /// <exception cref="ArgumentException"><see cref="TelemetryRecord.WakeLedgerUc"/> is present without exactly
    /// <see cref="MessageTypes.WakeLedgerStates"/> entries (the gateway refuses any other count).</exception>
    public static byte[] EncodeTelemetry(string deviceId, uint seq, TelemetryRecord t)
    {
        uint[]? ledger = t.WakeLedgerUc;
        if (ledger != null && ledger.Length != MessageTypes.WakeLedgerStates)
        {
            throw new ArgumentException("wake ledger has " + ledger.Length + " entries, expected "
                + MessageTypes.WakeLedgerStates + " (or none)");
        }
        CborWriter w = Begin(deviceId, MessageTypes.Telemetry, ledger == null ? 17 : 18);
        w.WriteUInt(3); w.WriteUInt(seq);
        w.WriteUInt(4); w.WriteUInt(t.DeviceTimeMs);
        w.WriteUInt(5); w.WriteUInt(t.BatteryMv);
        w.WriteUInt(6); w.WriteUInt(t.SocPm);
        w.WriteUInt(7); w.WriteInt(t.TemperatureCc);
        w.WriteUInt(8); w.WriteUInt(t.ChargeUsedUah);
        w.WriteUInt(9); w.WriteUInt(t.WakeCount);
        w.WriteUInt(10); w.WriteUInt(t.UptimeS);
        w.WriteUInt(11); w.WriteText(t.FirmwareVersion);
        w.WriteUInt(12); w.WriteText(t.ModelId);
        w.WriteUInt(13); w.WriteUInt(t.ModelVersion);
        w.WriteUInt(14); w.WriteInt(t.RssiDbm);
        if (ledger != null)
        {
            w.WriteUInt(15); w.WriteArrayHeader(ledger.Length);
            for (int i = 0; i < ledger.Length; i++)
            {
                w.WriteUInt(ledger[i]);
            }
        }
        w.WriteUInt(16); w.WriteUInt(t.DroppedTelemetry);
        w.WriteUInt(17); w.WriteUInt(t.DroppedDetections);
        return w.ToArray();
    }

    public static byte[] EncodeDetection(string deviceId, uint seq, DetectionRecord d)
    {
        CborWriter w = Begin(deviceId, MessageTypes.Detection, 12);
        w.WriteUInt(3); w.WriteUInt(seq);
        w.WriteUInt(4); w.WriteUInt(d.DeviceTimeMs);
        w.WriteUInt(5); w.WriteUInt(d.Detector);
        w.WriteUInt(6); w.WriteArrayHeader(d.Boxes.Length);
        for (int i = 0; i < d.Boxes.Length; i++)
        {
            DetectionBox b = d.Boxes[i];
            w.WriteArrayHeader(6);
            w.WriteUInt(b.X); w.WriteUInt(b.Y); w.WriteUInt(b.W); w.WriteUInt(b.H); w.WriteUInt(b.ScorePmy);
            w.WriteText(b.Label);
        }
        w.WriteUInt(7); w.WriteText(d.ModelId);
        w.WriteUInt(8); w.WriteUInt(d.ModelVersion);
        w.WriteUInt(9); w.WriteUInt(d.InferenceUs);
        w.WriteUInt(10); w.WriteUInt(d.InferenceMacs);
        w.WriteUInt(11); w.WriteUInt(d.EnergyUj);
        return w.ToArray();
    }

    /// <summary>
    /// The reported config: key 12 carries <paramref name="rejectReason"/> (cut to 63 printable ASCII characters)
    /// when <paramref name="applyResult"/> is a rejection, and keys 13/14 the quiet hours in force, if any.
    /// </summary>
    public static byte[] EncodeReportedConfig(string deviceId, DeviceSettings s, int applyResult, string rejectReason)
    {
        bool withReason = applyResult != 0;
        bool withQuiet = s.QuietStartMin >= 0 && s.QuietEndMin >= 0;
        CborWriter w = Begin(deviceId, MessageTypes.ReportedConfig, 12 + (withReason ? 1 : 0) + (withQuiet ? 2 : 0));
        WriteSettings(w, s);
        w.WriteUInt(11); w.WriteUInt((ulong)applyResult);
        if (withReason)
        {
            w.WriteUInt(12); w.WriteText(WireReason(rejectReason));
        }
        if (withQuiet)
        {
            w.WriteUInt(13); w.WriteUInt((ulong)s.QuietStartMin);
            w.WriteUInt(14); w.WriteUInt((ulong)s.QuietEndMin);
        }
        return w.ToArray();
    }

    /// <summary>The reason as key 12 allows it: printable ASCII (others become '?'), at most 63 characters.</summary>
    public static string WireReason(string reason)
    {
        if (reason == null)
        {
            return "";
        }
        int n = reason.Length > MaxRejectReasonLength ? MaxRejectReasonLength : reason.Length;
        char[] chars = new char[n];
        for (int i = 0; i < n; i++)
        {
            char c = reason[i];
            chars[i] = c >= ' ' && c <= '~' ? c : '?';
        }
        return new string(chars);
    }

    public static byte[] EncodeOtaRequest(string deviceId, uint offerId, uint offset, uint length)
    {
        CborWriter w = Begin(deviceId, MessageTypes.OtaRequest, 6);
        w.WriteUInt(3); w.WriteUInt(offerId);
        w.WriteUInt(4); w.WriteUInt(offset);
        w.WriteUInt(5); w.WriteUInt(length);
        return w.ToArray();
    }

    public static byte[] EncodeOtaResult(string deviceId, uint offerId, int code, uint activeVersion)
    {
        CborWriter w = Begin(deviceId, MessageTypes.OtaResult, 6);
        w.WriteUInt(3); w.WriteUInt(offerId);
        w.WriteUInt(4); w.WriteUInt((ulong)code);
        w.WriteUInt(5); w.WriteUInt(activeVersion);
        return w.ToArray();
    }

    /// <summary>
    /// Decodes a desired config. Structure and types are checked here; value ranges are left to
    /// <see cref="Fleet.Agent.Config.ConfigValidator"/> so each bad field is reported with its own reason.
    /// </summary>
    /// <remarks>
    /// Keys 13/14 (quiet hours) are optional and come together; without them QuietStartMin and QuietEndMin are
    /// <see cref="QuietHoursAbsent"/>. Their range (0–1439) is also the validator's, like every other value.
    /// </remarks>
    /// <exception cref="ProtocolException">The payload breaks the protocol's structure.</exception>
    public static DeviceSettings DecodeDesiredConfig(string deviceId, byte[] payload)
    {
        int entries;
        CborReader r = Open(deviceId, payload, MessageTypes.DesiredConfig, 11, 13, out entries);
        var s = new DeviceSettings();
        r.ExpectKey(3); s.ConfigVersion = U32(r, "config_version");
        r.ExpectKey(4); s.WakeIntervalS = U32(r, "wake_interval_s");
        r.ExpectKey(5); s.TelemetryEvery = U32(r, "telemetry_every");
        r.ExpectKey(6); s.ScoreThresholdPmy = U32(r, "score_threshold_pmy");
        r.ExpectKey(7); s.Detector = U32(r, "detector");
        r.ExpectKey(8); s.ModelId = r.ReadText("model_id", 31);
        r.ExpectKey(9); s.ModelVersion = U32(r, "model_version");
        r.ExpectKey(10); s.ReportEmpty = r.ReadBool("report_empty");
        s.QuietStartMin = QuietHoursAbsent;
        s.QuietEndMin = QuietHoursAbsent;
        // The map header says whether the optional keys follow; a payload that ends early or carries more than
        // its header counts is malformed (the gateway's codec refuses both), not a config without quiet hours.
        if (entries == 13)
        {
            r.ExpectKey(13); s.QuietStartMin = QuietMinute(r, "quiet_start_min");
            r.ExpectKey(14); s.QuietEndMin = QuietMinute(r, "quiet_end_min");
        }
        End(r);
        return s;
    }

    /// <exception cref="ProtocolException">The payload breaks the protocol.</exception>
    public static OtaOfferInfo DecodeOtaOffer(string deviceId, byte[] payload)
    {
        CborReader r = Open(deviceId, payload, MessageTypes.OtaOffer, 10, 10);
        var o = new OtaOfferInfo();
        r.ExpectKey(3); o.OfferId = U32(r, "offer_id");
        r.ExpectKey(4); o.ModelId = r.ReadText("model_id", 31);
        r.ExpectKey(5); o.ModelVersion = U32(r, "model_version");
        r.ExpectKey(6); o.SizeBytes = U32(r, "size_bytes");
        r.ExpectKey(7); o.Sha256 = r.ReadBytes("sha256", 32);
        r.ExpectKey(8); o.ChunkSize = U32(r, "chunk_size");
        r.ExpectKey(9); o.Signature = r.ReadBytes("signature", 64);
        End(r);
        if (o.ModelId.Length == 0 || o.SizeBytes == 0 || o.SizeBytes > 16777216 || o.Sha256.Length != 32
            || o.ChunkSize == 0 || o.ChunkSize > MessageTypes.MaxChunkBytes || o.Signature.Length != 64)
        {
            throw new ProtocolException("invalid_field: offer value out of range");
        }
        return o;
    }

    /// <exception cref="ProtocolException">The payload breaks the protocol.</exception>
    public static OtaChunkInfo DecodeOtaChunk(string deviceId, byte[] payload)
    {
        CborReader r = Open(deviceId, payload, MessageTypes.OtaChunk, 6, 6);
        var c = new OtaChunkInfo();
        r.ExpectKey(3); c.OfferId = U32(r, "offer_id");
        r.ExpectKey(4); c.Offset = U32(r, "offset");
        r.ExpectKey(5); c.Data = r.ReadBytes("data", MessageTypes.MaxChunkBytes);
        End(r);
        if (c.Data.Length == 0)
        {
            throw new ProtocolException("invalid_field: empty chunk");
        }
        return c;
    }

    private static void WriteSettings(CborWriter w, DeviceSettings s)
    {
        w.WriteUInt(3); w.WriteUInt(s.ConfigVersion);
        w.WriteUInt(4); w.WriteUInt(s.WakeIntervalS);
        w.WriteUInt(5); w.WriteUInt(s.TelemetryEvery);
        w.WriteUInt(6); w.WriteUInt(s.ScoreThresholdPmy);
        w.WriteUInt(7); w.WriteUInt(s.Detector);
        w.WriteUInt(8); w.WriteText(s.ModelId);
        w.WriteUInt(9); w.WriteUInt(s.ModelVersion);
        w.WriteUInt(10); w.WriteBool(s.ReportEmpty);
    }

    private static CborWriter Begin(string deviceId, int type, int mapEntries)
    {
        var w = new CborWriter(MessageTypes.MaxPayloadBytes);
        w.WriteMapHeader(mapEntries);
        w.WriteUInt(0); w.WriteUInt(MessageTypes.SchemaVersion);
        w.WriteUInt(1); w.WriteUInt((ulong)type);
        w.WriteUInt(2); w.WriteText(deviceId);
        return w;
    }

    /// <summary>Opens the map: it has <paramref name="mapEntries"/> keys, or <paramref name="withOptional"/> with
    /// the type's optional ones.</summary>
    private static CborReader Open(string deviceId, byte[] payload, int type, int mapEntries, int withOptional)
    {
        int entries;
        return Open(deviceId, payload, type, mapEntries, withOptional, out entries);
    }

    private static CborReader Open(string deviceId, byte[] payload, int type, int mapEntries, int withOptional,
        out int entries)
    {
        if (payload.Length > MessageTypes.MaxPayloadBytes)
        {
            throw new ProtocolException("oversized: payload larger than 4096 bytes");
        }
        var r = new CborReader(payload, 0, payload.Length);
        entries = r.ReadMapHeader();
        r.ExpectKey(0);
        if (r.ReadUInt("schema") != MessageTypes.SchemaVersion)
        {
            throw new ProtocolException("unsupported_version: schema is not 1");
        }
        r.ExpectKey(1);
        if (r.ReadUInt("type") != (ulong)type)
        {
            throw new ProtocolException("type_mismatch: message type differs from the topic's");
        }
        r.ExpectKey(2);
        if (r.ReadText("device_id", 32) != deviceId)
        {
            throw new ProtocolException("type_mismatch: device id differs from the topic's");
        }
        if (entries != mapEntries && entries != withOptional)
        {
            throw new ProtocolException("invalid_field: expected " + mapEntries
                + (withOptional != mapEntries ? " or " + withOptional : "") + " keys, found " + entries);
        }
        return r;
    }

    private static void End(CborReader r)
    {
        if (!r.AtEnd)
        {
            throw new ProtocolException("malformed: bytes after the map");
        }
    }

    /// <summary>A u16 on the wire; whether it is a minute of the day (0–1439) is the validator's call.</summary>
    private static int QuietMinute(CborReader r, string field)
    {
        ulong v = r.ReadUInt(field);
        if (v > 0xFFFF)
        {
            throw new ProtocolException("invalid_field: " + field + " exceeds u16");
        }
        return (int)v;
    }

    private static uint U32(CborReader r, string field)
    {
        ulong v = r.ReadUInt(field);
        if (v > 0xFFFFFFFF)
        {
            throw new ProtocolException("invalid_field: " + field + " exceeds u32");
        }
        return (uint)v;
    }
}
