// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Tests.Protocol;

/// <summary>Encode refuses every value the protocol cannot carry, so it never emits bytes Decode would reject.</summary>
public sealed class FleetCodecEncodeTests
{
    private static DetectionEvent Detection() => (DetectionEvent)Samples.Get("detection");

    private static Telemetry Telemetry() => (Telemetry)Samples.Get("telemetry");

    private static DesiredConfig Desired() => (DesiredConfig)Samples.Get("desired_config");

    private static OtaOffer Offer() => (OtaOffer)Samples.Get("ota_offer");

    public static TheoryData<string, FleetMessage> InvalidMessages => new()
    {
        { "DeviceId", Telemetry() with { DeviceId = "" } },
        { "DeviceId", Telemetry() with { DeviceId = new string('d', 33) } },
        { "DeviceId", Telemetry() with { DeviceId = "a/b" } },
        { "DeviceId", Telemetry() with { DeviceId = "a+b" } },
        { "DeviceId", Telemetry() with { DeviceId = "dév" } },
        { "Label", Detection() with { Boxes = [new DetectionBox(1, 2, 3, 4, 5, new string('l', 16))] } },
        { "Label", Detection() with { Boxes = [new DetectionBox(1, 2, 3, 4, 5, "tab\t")] } },
        { "ScorePmy", Detection() with { Boxes = [new DetectionBox(1, 2, 3, 4, 10_001, "")] } },
        { "Boxes", Detection() with { Boxes = Enumerable.Repeat(new DetectionBox(1, 2, 3, 4, 5, ""), 17).ToArray() } },
        { "ModelId", Detection() with { ModelId = new string('m', 32) } },
        { "ModelId", Detection() with { ModelId = "face det" } },
        { "Detector", Detection() with { Detector = (DetectorKind)4 } },
        { "SocPm", Telemetry() with { SocPm = 1_001 } },
        { "WakeLedgerUc", Telemetry() with { WakeLedgerUc = new uint[3] } },
        { "WakeLedgerUc", Telemetry() with { WakeLedgerUc = [] } },
        { "FirmwareVersion", Telemetry() with { FirmwareVersion = new string('1', 24) } },
        { "FirmwareVersion", Telemetry() with { FirmwareVersion = "1.0\u00e9" } },
        { "State", new StatusMessage("d", 1, 1, (DeviceState)3, "", WakeReason.None, 0) },
        { "WakeReason", new StatusMessage("d", 1, 1, DeviceState.Online, "", (WakeReason)5, 0) },
        { "WakeIntervalS", Desired() with { Config = Desired().Config with { WakeIntervalS = 0 } } },
        { "WakeIntervalS", Desired() with { Config = Desired().Config with { WakeIntervalS = 86_401 } } },
        { "TelemetryEvery", Desired() with { Config = Desired().Config with { TelemetryEvery = 0 } } },
        { "TelemetryEvery", Desired() with { Config = Desired().Config with { TelemetryEvery = 1_001 } } },
        { "ScoreThresholdPmy", Desired() with { Config = Desired().Config with { ScoreThresholdPmy = 10_001 } } },
        { "ApplyResult", new ReportedConfig("d", Desired().Config, (ConfigApplyResult)3) },
        { "ModelId", Offer() with { ModelId = "" } },
        { "SizeBytes", Offer() with { SizeBytes = 0 } },
        { "SizeBytes", Offer() with { SizeBytes = 16_777_217 } },
        { "Sha256", Offer() with { Sha256 = new byte[31] } },
        { "Signature", Offer() with { Signature = ReadOnlyMemory<byte>.Empty } },
        { "ChunkSize", Offer() with { ChunkSize = 1_025 } },
        { "Length", new OtaChunkRequest("d", 1, 0, 0) },
        { "Length", new OtaChunkRequest("d", 1, 0, 1_025) },
        { "Data", new OtaChunk("d", 1, 0, ReadOnlyMemory<byte>.Empty) },
        { "Data", new OtaChunk("d", 1, 0, new byte[1_025]) },
        { "Code", new OtaResult("d", 1, OtaResultCode.DeferredLowBattery + 1, 0) },
    };

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public void Encode_ValueOutsideProtocol_ThrowsArgumentExceptionNamingField(string field, FleetMessage message)
    {
        var ex = Assert.Throws<ArgumentException>(() => FleetCodec.Encode(message));

        Assert.Equal("message", ex.ParamName);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => FleetCodec.Encode(null!));
    }

    [Fact]
    public void Encode_NullString_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => FleetCodec.Encode(Telemetry() with { ModelId = null! }));
    }

    [Fact]
    public void Encode_NullBox_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => FleetCodec.Encode(Detection() with { Boxes = [null!] }));
    }

    [Fact]
    public void Encode_ForeignMessageType_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => FleetCodec.Encode(new ForeignMessage("d")));
    }

    [Fact]
    public void Encode_LimitValues_AreAccepted()
    {
        var message = new DetectionEvent(new string('a', 32), 0, 0, DetectorKind.Face,
            Enumerable.Repeat(new DetectionBox(0, 0, 0, 0, 10_000, new string('~', 15)), 16).ToArray(),
            new string('-', 31), 0, 0, 0, 0);

        DecodeResult result = FleetCodec.Decode(FleetCodec.Encode(message));

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(message, result.Message);
    }

    private sealed record ForeignMessage(string DeviceId) : FleetMessage(DeviceId)
    {
        public override MessageType Type => MessageType.Telemetry;
    }
}
