using Fleet.Agent.Protocol;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Agent.Tests;

/// <summary>
/// The agent's own CBOR codec (the subset cannot use System.Formats.Cbor) against the gateway's codec: what the
/// agent sends decodes and re-encodes byte for byte on the gateway, and what the gateway sends decodes on the agent.
/// </summary>
public sealed class AgentCodecTests
{
    private const string Id = "cam-07";

    private static void SameBytesOnTheGateway(byte[] payload, MessageType type, string deviceId = Id)
    {
        DecodeResult result = FleetCodec.DecodeUplink(Topics.For(deviceId, type), payload);
        Assert.True(result.IsSuccess, $"{result.Error}: {result.Detail}");
        Assert.Equal(payload, FleetCodec.Encode(result.Message!));
    }

    [Fact]
    public void Status_MatchesTheGateway()
    {
        byte[] p = AgentCodec.EncodeStatus(Id, 4000000000, 1_764_000_000_123, 2, "agent-1.0", 1, 300);
        SameBytesOnTheGateway(p, MessageType.Status);
        var m = (StatusMessage)FleetCodec.Decode(p).Message!;
        Assert.Equal((4000000000u, 1_764_000_000_123ul, DeviceState.Sleeping, "agent-1.0", WakeReason.Timer, 300u),
            (m.Sequence, m.DeviceTimeMs, m.State, m.FirmwareVersion, m.WakeReason, m.NextWakeS));
    }

    [Fact]
    public void Telemetry_MatchesTheGateway_IncludingNegativeValues()
    {
        var t = new TelemetryRecord
        {
            DeviceTimeMs = 1_764_000_000_000, BatteryMv = 3712, SocPm = 415, TemperatureCc = -1250, ChargeUsedUah = 70000,
            WakeCount = 65536, UptimeS = 12, FirmwareVersion = "agent-1.0", ModelId = "smile.v2", ModelVersion = 2, RssiDbm = -87,
        };
        byte[] p = AgentCodec.EncodeTelemetry(Id, 17, t);
        SameBytesOnTheGateway(p, MessageType.Telemetry);
        var m = (Telemetry)FleetCodec.Decode(p).Message!;
        Assert.Equal((17u, (short)-1250, (sbyte)-87, 65536u), (m.Sequence, m.TemperatureCc, m.RssiDbm, m.WakeCount));
        Assert.Equal(((uint?)0, (uint?)0, (IReadOnlyList<uint>?)null), (m.DroppedTelemetry, m.DroppedDetections, m.WakeLedgerUc));
    }

    [Fact]
    public void Telemetry_CarriesTheDropCounters()
    {
        var t = new TelemetryRecord { FirmwareVersion = "agent-1.0", DroppedTelemetry = 4_294_967_295, DroppedDetections = 24 };
        byte[] p = AgentCodec.EncodeTelemetry(Id, 1, t);
        SameBytesOnTheGateway(p, MessageType.Telemetry);
        var m = (Telemetry)FleetCodec.Decode(p).Message!;
        Assert.Equal(((uint?)4_294_967_295, (uint?)24), (m.DroppedTelemetry, m.DroppedDetections));
    }

    [Fact]
    public void Telemetry_WithLedger_IsTheGoldenVectorsBytes_PlusTheDropCounters()
    {
        // tests/golden/protocol/README.md, 10_telemetry_ledger.cbor: the C encoder's bytes for this fixture. The
        // agent always sends keys 16/17, so its payload is the vector with two more pairs: same bytes in between.
        byte[] golden = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "golden", "protocol", "10_telemetry_ledger.cbor"));
        var t = new TelemetryRecord
        {
            DeviceTimeMs = 1_767_225_660_000, BatteryMv = 3905, SocPm = 712, TemperatureCc = 2150, ChargeUsedUah = 1234,
            WakeCount = 60, UptimeS = 3600, FirmwareVersion = "1.5.0", ModelId = "smile", ModelVersion = 2, RssiDbm = -67,
            WakeLedgerUc = [0, 23, 24, 255, 256, 65_535, 65_536, 4_294_967_295],
        };

        byte[] p = AgentCodec.EncodeTelemetry("cam-0042", 7, t);

        Assert.Equal(0xB0, golden[0]); // a map of 16 pairs
        byte[] expected = [0xB2, .. golden[1..], 0x10, 0x00, 0x11, 0x00];
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(p));
        SameBytesOnTheGateway(p, MessageType.Telemetry, "cam-0042");
        var m = (Telemetry)FleetCodec.Decode(p).Message!;
        Assert.Equal(t.WakeLedgerUc, m.WakeLedgerUc);
        Assert.Equal(FleetCodec.Encode(m with { DroppedTelemetry = null, DroppedDetections = null }), golden);
    }

    [Fact]
    public void Telemetry_LedgerOfAnyOtherLength_IsRefusedNotSent()
    {
        var t = new TelemetryRecord { FirmwareVersion = "agent-1.0", WakeLedgerUc = [1, 2, 3, 4, 5, 6, 7] };

        ArgumentException ex = Assert.Throws<ArgumentException>(() => AgentCodec.EncodeTelemetry(Id, 1, t));

        Assert.Contains("7 entries, expected 8", ex.Message, StringComparison.Ordinal);
        t.WakeLedgerUc = [];
        Assert.Throws<ArgumentException>(() => AgentCodec.EncodeTelemetry(Id, 1, t));
    }

    [Fact]
    public void Detection_WithBoxes_MatchesTheGateway()
    {
        var d = new DetectionRecord
        {
            DeviceTimeMs = 5, Detector = 1, ModelId = "smile.v2", ModelVersion = 2, InferenceUs = 20000, InferenceMacs = 300000, EnergyUj = 9900,
            Boxes = [new Fleet.Agent.Protocol.DetectionBox { X = 10, Y = 300, W = 64, H = 64, ScorePmy = 9100, Label = "smile" }, new Fleet.Agent.Protocol.DetectionBox { Label = "" }],
        };
        byte[] p = AgentCodec.EncodeDetection(Id, 0, d);
        SameBytesOnTheGateway(p, MessageType.Detection);
        var m = (DetectionEvent)FleetCodec.Decode(p).Message!;
        Assert.Equal(2, m.Boxes.Count);
        Assert.Equal("smile", m.Boxes[0].Label);
    }

    [Fact]
    public void ReportedConfig_ChunkRequest_AndResult_MatchTheGateway()
    {
        var s = new DeviceSettings { ConfigVersion = 3, WakeIntervalS = 600, TelemetryEvery = 6, ScoreThresholdPmy = 6000, Detector = 1, ModelId = "smile.v2", ModelVersion = 2, ReportEmpty = true };
        SameBytesOnTheGateway(AgentCodec.EncodeReportedConfig(Id, s, 2, "model smile.v2 v2 is not the active model"), MessageType.ReportedConfig);
        SameBytesOnTheGateway(AgentCodec.EncodeOtaRequest(Id, 77, 65536, 1024), MessageType.OtaChunkRequest);
        SameBytesOnTheGateway(AgentCodec.EncodeOtaResult(Id, 77, 8, 1), MessageType.OtaResult);
    }

    [Fact]
    public void ReportedConfig_ReasonOnlyWithARejection_CutToTheWire_AndQuietHours()
    {
        var s = new DeviceSettings { ConfigVersion = 3, WakeIntervalS = 600, TelemetryEvery = 6, ModelId = "m", QuietStartMin = 0, QuietEndMin = 1439 };
        string longReason = "wake_interval_s 5 outside 10-86400; telemetry_every 0 outside 1-1000; detector 9 unknown\u00e9";

        byte[] rejected = AgentCodec.EncodeReportedConfig(Id, s, 1, longReason);
        byte[] applied = AgentCodec.EncodeReportedConfig(Id, s, 0, "ignored when applied");
        s.QuietStartMin = DeviceSettings.NoQuietHours;
        s.QuietEndMin = DeviceSettings.NoQuietHours;
        byte[] noQuiet = AgentCodec.EncodeReportedConfig(Id, s, 1, "bad\tchar");

        SameBytesOnTheGateway(rejected, MessageType.ReportedConfig);
        SameBytesOnTheGateway(applied, MessageType.ReportedConfig);
        SameBytesOnTheGateway(noQuiet, MessageType.ReportedConfig);
        var r = (ReportedConfig)FleetCodec.Decode(rejected).Message!;
        Assert.Equal(longReason[..63], r.RejectReason);
        Assert.Equal(((ushort?)0, (ushort?)1439), (r.Config.QuietStartMin, r.Config.QuietEndMin));
        Assert.Null(((ReportedConfig)FleetCodec.Decode(applied).Message!).RejectReason);
        var n = (ReportedConfig)FleetCodec.Decode(noQuiet).Message!;
        Assert.Equal(("bad?char", (ushort?)null), (n.RejectReason, n.Config.QuietStartMin));
    }

    [Fact]
    public void DesiredConfig_QuietHours_DecodeOnTheAgent_AbsentMeansNotSaid()
    {
        var with = new DeviceConfig(4, 300, 1, 0, DetectorKind.Face, "", 0, false, 1320, 360);
        DeviceSettings s = AgentCodec.DecodeDesiredConfig(Id, FleetCodec.Encode(new DesiredConfig(Id, with)));
        Assert.Equal((1320, 360), (s.QuietStartMin, s.QuietEndMin));

        DeviceSettings none = AgentCodec.DecodeDesiredConfig(Id, FleetCodec.Encode(new DesiredConfig(Id, with with { QuietStartMin = null, QuietEndMin = null })));
        Assert.Equal((AgentCodec.QuietHoursAbsent, AgentCodec.QuietHoursAbsent), (none.QuietStartMin, none.QuietEndMin));

        // One bound without the other is a broken structure (the gateway's codec refuses to write it).
        byte[] half = FleetCodec.Encode(new DesiredConfig(Id, with));
        half[0] = 0xAC; // 12 pairs: the map now ends after key 13, so key 14 is trailing
        Assert.StartsWith("invalid_field", Assert.Throws<ProtocolException>(() => AgentCodec.DecodeDesiredConfig(Id, half)).Message);
    }

    [Fact]
    public void DesiredConfig_MapHeaderDecidesTheQuietHours_NotWhereThePayloadEnds()
    {
        var plain = new DeviceConfig(1, 86400, 1, 0, DetectorKind.ThermalPerson, "t", 1, true);
        // Header says 13 keys, the payload ends after 11 (found by AgentDownlinkFuzzTests): cut, not "no quiet hours".
        byte[] cut = FleetCodec.Encode(new DesiredConfig(Id, plain));
        cut[0] = 0xAD;
        Assert.StartsWith("malformed", Assert.Throws<ProtocolException>(() => AgentCodec.DecodeDesiredConfig(Id, cut)).Message);
        // Header says 11 keys, but quiet hours follow: bytes after the map.
        byte[] extra = FleetCodec.Encode(new DesiredConfig(Id, plain with { QuietStartMin = 1380, QuietEndMin = 360 }));
        extra[0] = 0xAB;
        Assert.StartsWith("malformed", Assert.Throws<ProtocolException>(() => AgentCodec.DecodeDesiredConfig(Id, extra)).Message);
    }

    [Fact]
    public void Downlinks_FromTheGateway_DecodeOnTheAgent()
    {
        var config = new DeviceConfig(12, 86400, 1000, 10000, DetectorKind.Classifier, "cls.a-1", 9, false);
        DeviceSettings s = AgentCodec.DecodeDesiredConfig(Id, FleetCodec.Encode(new DesiredConfig(Id, config)));
        Assert.Equal((12u, 86400u, 1000u, 10000u, 3u, "cls.a-1", 9u, false),
            (s.ConfigVersion, s.WakeIntervalS, s.TelemetryEvery, s.ScoreThresholdPmy, s.Detector, s.ModelId, s.ModelVersion, s.ReportEmpty));

        byte[] sha = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        byte[] sig = Enumerable.Range(0, 64).Select(i => (byte)(255 - i)).ToArray();
        OtaOfferInfo o = AgentCodec.DecodeOtaOffer(Id, FleetCodec.Encode(new OtaOffer(Id, 5, "m.x", 7, 16777216, sha, 1024, sig)));
        Assert.Equal((5u, "m.x", 7u, 16777216u, 1024u), (o.OfferId, o.ModelId, o.ModelVersion, o.SizeBytes, o.ChunkSize));
        Assert.Equal(sha, o.Sha256);
        Assert.Equal(sig, o.Signature);

        OtaChunkInfo c = AgentCodec.DecodeOtaChunk(Id, FleetCodec.Encode(new OtaChunk(Id, 5, 2048, new byte[] { 1, 2, 3 })));
        Assert.Equal((5u, 2048u), (c.OfferId, c.Offset));
        Assert.Equal([1, 2, 3], c.Data);
    }

    [Fact]
    public void BadDownlinks_AreRefusedWithTheFirstProblem()
    {
        byte[] good = FleetCodec.Encode(new OtaChunk(Id, 5, 0, new byte[] { 1 }));
        Assert.StartsWith("type_mismatch", Assert.Throws<ProtocolException>(() => AgentCodec.DecodeOtaChunk("cam-08", good)).Message);
        Assert.StartsWith("malformed", Assert.Throws<ProtocolException>(() => AgentCodec.DecodeOtaChunk(Id, [.. good, 0x00])).Message);
        Assert.StartsWith("malformed", Assert.Throws<ProtocolException>(() => AgentCodec.DecodeOtaChunk(Id, good[..^1])).Message);
        Assert.StartsWith("type_mismatch", Assert.Throws<ProtocolException>(() => AgentCodec.DecodeOtaOffer(Id, good)).Message);
    }
}
