namespace Fleet.Agent.Protocol;

/// <summary>
/// Encodes the messages a device sends and decodes those it receives (docs/protocol.md §3), in the subset: the
/// gateway's codec (shared/Fleet.Contracts) needs System.Formats.Cbor and records, which nanoFramework lacks.
/// tests/Fleet.Agent.Tests checks every message against the gateway's codec byte for byte.
/// </summary>
public static class AgentCodec
{
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

    public static byte[] EncodeTelemetry(string deviceId, uint seq, TelemetryRecord t)
    {
        CborWriter w = Begin(deviceId, MessageTypes.Telemetry, 15);
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

    public static byte[] EncodeReportedConfig(string deviceId, DeviceSettings s, int applyResult)
    {
        CborWriter w = Begin(deviceId, MessageTypes.ReportedConfig, 12);
        WriteSettings(w, s);
        w.WriteUInt(11); w.WriteUInt((ulong)applyResult);
        return w.ToArray();
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
    /// <exception cref="ProtocolException">The payload breaks the protocol's structure.</exception>
    public static DeviceSettings DecodeDesiredConfig(string deviceId, byte[] payload)
    {
        CborReader r = Open(deviceId, payload, MessageTypes.DesiredConfig, 11);
        var s = new DeviceSettings();
        r.ExpectKey(3); s.ConfigVersion = U32(r, "config_version");
        r.ExpectKey(4); s.WakeIntervalS = U32(r, "wake_interval_s");
        r.ExpectKey(5); s.TelemetryEvery = U32(r, "telemetry_every");
        r.ExpectKey(6); s.ScoreThresholdPmy = U32(r, "score_threshold_pmy");
        r.ExpectKey(7); s.Detector = U32(r, "detector");
        r.ExpectKey(8); s.ModelId = r.ReadText("model_id", 31);
        r.ExpectKey(9); s.ModelVersion = U32(r, "model_version");
        r.ExpectKey(10); s.ReportEmpty = r.ReadBool("report_empty");
        End(r);
        return s;
    }

    /// <exception cref="ProtocolException">The payload breaks the protocol.</exception>
    public static OtaOfferInfo DecodeOtaOffer(string deviceId, byte[] payload)
    {
        CborReader r = Open(deviceId, payload, MessageTypes.OtaOffer, 10);
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
        CborReader r = Open(deviceId, payload, MessageTypes.OtaChunk, 6);
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

    private static CborReader Open(string deviceId, byte[] payload, int type, int mapEntries)
    {
        if (payload.Length > MessageTypes.MaxPayloadBytes)
        {
            throw new ProtocolException("oversized: payload larger than 4096 bytes");
        }
        var r = new CborReader(payload, 0, payload.Length);
        int entries = r.ReadMapHeader();
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
        if (entries != mapEntries)
        {
            throw new ProtocolException("invalid_field: expected " + mapEntries + " keys, found " + entries);
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
