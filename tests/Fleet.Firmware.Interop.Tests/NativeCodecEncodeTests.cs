using Fleet.Contracts.Messages;

namespace Fleet.Firmware.Interop.Tests;

/// <summary>Encode through C: round trips, and ArgumentException for what the protocol forbids.</summary>
public sealed class NativeCodecEncodeTests
{
    private static readonly DetectionEvent Detection = (DetectionEvent)GoldenFixtures.ByFile["01_detection.cbor"];
    private static readonly Telemetry TelemetryFixture = (Telemetry)GoldenFixtures.ByFile["02_telemetry.cbor"];
    private static readonly OtaOffer Offer = (OtaOffer)GoldenFixtures.ByFile["06_ota_offer.cbor"];
    private static readonly OtaChunk Chunk = (OtaChunk)GoldenFixtures.ByFile["08_ota_chunk.cbor"];

    public static TheoryData<FleetMessage> Invalid =>
    [
        TelemetryFixture with { SocPm = 1001 },
        TelemetryFixture with { DeviceId = "a/b" },
        TelemetryFixture with { DeviceId = "" },
        TelemetryFixture with { DeviceId = new string('x', 33) },
        TelemetryFixture with { FirmwareVersion = "caf\u00e9" },
        TelemetryFixture with { FirmwareVersion = "bad\0nul" },
        TelemetryFixture with { ModelId = "has space" },
        Detection with { Boxes = [.. Enumerable.Repeat(Detection.Boxes[0], 17)] },
        Detection with { Boxes = [Detection.Boxes[0] with { ScorePmy = 10001 }] },
        Detection with { Boxes = [Detection.Boxes[0] with { Label = "tab\there" }] },
        Detection with { Detector = (DetectorKind)9 },
        Offer with { Sha256 = new byte[31] },
        Offer with { Signature = new byte[65] },
        Offer with { ModelId = "" },
        Offer with { ChunkSize = 0 },
        Chunk with { Data = ReadOnlyMemory<byte>.Empty },
        Chunk with { Data = new byte[1025] },
        new OtaResult("cam-0042", 1, (OtaResultCode)10, 1),
        new ReportedConfig("cam-0042", new DeviceConfig(1, 60, 1, 0, DetectorKind.Face, "", 1, false),
            ConfigApplyResult.Applied, "applied, yet a reason"),
        new ReportedConfig("cam-0042", new DeviceConfig(1, 60, 1, 0, DetectorKind.Face, "", 1, false),
            ConfigApplyResult.RejectedInvalid, new string('r', 64)),
        new DesiredConfig("cam-0042", new DeviceConfig(1, 60, 1, 0, DetectorKind.Face, "", 1, false, 60, null)),
        new DesiredConfig("cam-0042", new DeviceConfig(1, 60, 1, 0, DetectorKind.Face, "", 1, false, 1440, 60)),
        new ReportedConfig("cam-0042", new DeviceConfig(1, 0, 1, 0, DetectorKind.Face, "", 1, false),
            ConfigApplyResult.Applied),
    ];

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Encode_ValueTheProtocolForbids_ThrowsArgumentException(FleetMessage message) =>
        Assert.ThrowsAny<ArgumentException>(() => NativeCodec.Encode(message));

    [Fact]
    public void Encode_Null_ThrowsArgumentNullException() =>
        Assert.Throws<ArgumentNullException>(() => NativeCodec.Encode(null!));

    [Fact]
    public void EncodeThenDecode_LargestDetection_RoundTrips()
    {
        var box = new DetectionBox(ushort.MaxValue, ushort.MaxValue, ushort.MaxValue, ushort.MaxValue, 10000,
            new string('~', 15));
        DetectionEvent message = Detection with
        {
            DeviceId = new string('Z', 32),
            DeviceTimeMs = ulong.MaxValue,
            Boxes = [.. Enumerable.Repeat(box, 16)],
            ModelId = new string('9', 31),
        };

        byte[] payload = NativeCodec.Encode(message);
        NativeDecodeResult result = NativeCodec.Decode(payload);

        Assert.True(result.IsSuccess);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public void EncodeThenDecode_FullChunk_RoundTrips()
    {
        OtaChunk message = Chunk with { Data = Enumerable.Range(0, 1024).Select(i => (byte)(i * 13)).ToArray() };

        NativeDecodeResult result = NativeCodec.Decode(NativeCodec.Encode(message), MessageType.OtaChunk);

        Assert.Equal(message, result.Message);
    }
}
