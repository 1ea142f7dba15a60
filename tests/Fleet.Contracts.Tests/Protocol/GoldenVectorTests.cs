// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Tests.Protocol;

/// <summary>
/// Cross-language check against tests/golden/protocol/*.cbor, which the C encoder generates. The fixtures below
/// are typed in independently from that folder's README.md (not derived from the C source), so a shared mistake
/// would have to be made twice.
/// </summary>
public sealed class GoldenVectorTests
{
    private const string GoldenFolder = "tests/golden/protocol";

    public static TheoryData<string> Files => new(Fixtures.Keys.Order(StringComparer.Ordinal));

    private static readonly Dictionary<string, Func<FleetMessage>> Fixtures = new()
    {
        ["01_detection.cbor"] = () => new DetectionEvent("cam-0042.lab_A", 1_234_567, 1_767_225_600_123,
            DetectorKind.Face,
            [
                new DetectionBox(0, 23, 24, 255, 10_000, "face"),
                new DetectionBox(256, 65_535, 1_000, 88, 0, ""),
                new DetectionBox(12, 11, 107, 107, 9_500, "Face #2 (left)!"),
            ],
            "frontalface.cascade-15", 3, 48_213, 39_828_480, 1_250_000),
        ["02_telemetry.cbor"] = () => new Telemetry("sensor.North-Wing_0123456789abcd", 65_536, 4_294_967_296,
            3_712, 1_000, -1_250, 70_000, 65_535, 23, "fleet-fw 1.4.2+build.77", "", 0, -128),
        ["03_status.cbor"] = () => new StatusMessage("a", 24, 1_767_225_600_000, DeviceState.Sleeping, "1.4.2",
            WakeReason.Timer, 86_400),
        ["04_desired_config.cbor"] = () => new DesiredConfig("cam-0042",
            new DeviceConfig(7, 300, 12, 7_500, DetectorKind.Smile, "smile-detector_v2.int8-qat.2025", 20_251_124, true)),
        ["05_reported_config.cbor"] = () => new ReportedConfig("cam-0042",
            new DeviceConfig(4_294_967_295, 86_400, 1_000, 0, DetectorKind.ThermalPerson, "thermal-person", 1, false),
            ConfigApplyResult.RejectedModelMissing),
        ["06_ota_offer.cbor"] = () => new OtaOffer("cam-0042", 42, "cifar10_fast", 30, 16_777_216,
            Bytes(32, i => i), 1_024, Bytes(64, i => (3 * i) + 7)),
        ["07_ota_chunk_request.cbor"] = () => new OtaChunkRequest("cam-0042", 42, 16_776_192, 1_024),
        ["08_ota_chunk.cbor"] = () => new OtaChunk("cam-0042", 42, 1_024, Bytes(300, i => (7 * i) + 1)),
        ["09_ota_result.cbor"] = () => new OtaResult("cam-0042", 42, OtaResultCode.Incompatible, 29),
        ["10_telemetry_ledger.cbor"] = () => new Telemetry("cam-0042", 7, 1_767_225_660_000, 3_905, 712, 2_150,
            1_234, 60, 3_600, "1.5.0", "smile", 2, -67, [0, 23, 24, 255, 256, 65_535, 65_536, 4_294_967_295]),
        ["11_telemetry_dropped.cbor"] = () => new Telemetry("cam-0042", 8, 1_767_229_200_000, 3_620, 180, -450,
            98_765, 1_440, 86_400, "1.5.0", "smile", 2, 0, WakeLedgerUc: null, DroppedTelemetry: 4_294_967_295,
            DroppedDetections: 23),
        ["12_reported_config_reject.cbor"] = () => new ReportedConfig("cam-0042",
            new DeviceConfig(6, 300, 12, 7_500, DetectorKind.Smile, "smile", 2, true, QuietStartMin: 1_320,
                QuietEndMin: 360),
            ConfigApplyResult.RejectedInvalid, "wake_interval_s: 0 outside 1..86400; telemetry_every: 0 outside"),
        ["13_desired_config_quiet.cbor"] = () => new DesiredConfig("cam-0042",
            new DeviceConfig(7, 300, 12, 7_500, DetectorKind.Smile, "smile-detector_v2.int8-qat.2025", 20_251_124, true,
                QuietStartMin: 0, QuietEndMin: 1_439)),
        ["14_ota_result_deferred.cbor"] = () => new OtaResult("cam-0042", 43, OtaResultCode.DeferredLowBattery, 29),
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Encode_Fixture_EqualsGoldenBytes(string file)
    {
        byte[] golden = ReadGolden(file);

        byte[] encoded = FleetCodec.Encode(Fixtures[file]());

        Assert.True(golden.AsSpan().SequenceEqual(encoded),
            $"{file}: C wrote {Convert.ToHexString(golden)}, C# encodes {Convert.ToHexString(encoded)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Decode_GoldenBytes_EqualsFixture(string file)
    {
        DecodeResult result = FleetCodec.Decode(ReadGolden(file));

        Assert.True(result.IsSuccess, $"{file}: {result.Error} {result.Detail}");
        Assert.Equal(Fixtures[file](), result.Message);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Encode_DecodedGoldenBytes_IsByteIdentical(string file)
    {
        byte[] golden = ReadGolden(file);

        DecodeResult result = FleetCodec.Decode(golden);

        Assert.True(result.IsSuccess, $"{file}: {result.Error} {result.Detail}");
        Assert.Equal(golden, FleetCodec.Encode(result.Message));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void DecodeUplink_GoldenBytesOnTheirTopic_AcceptsUplinkTypesOnly(string file)
    {
        FleetMessage fixture = Fixtures[file]();

        DecodeResult result = FleetCodec.DecodeUplink(Topics.For(fixture.DeviceId, fixture.Type), ReadGolden(file));

        // Downlink types travel on down/ topics, which are never uplink topics.
        Assert.Equal(Topics.IsUplink(fixture.Type) ? DecodeError.None : DecodeError.UnknownTopic, result.Error);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Decode_GoldenTruncatedAtEveryLength_ReturnsMalformed(string file)
    {
        byte[] golden = ReadGolden(file);

        for (int length = 0; length < golden.Length; length++)
        {
            DecodeResult result = FleetCodec.Decode(golden.AsSpan(0, length));
            Assert.True(result.Error == DecodeError.Malformed,
                $"{file} prefix {length}/{golden.Length}: {result.Error} {result.Detail}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Decode_GoldenWithTrailingByte_ReturnsMalformed(string file)
    {
        Assert.Equal(DecodeError.Malformed, FleetCodec.Decode([.. ReadGolden(file), 0x00]).Error);
    }

    [Fact]
    public void GoldenFolder_HoldsExactlyTheFixtures()
    {
        string folder = Path.Combine(RepoRoot(), GoldenFolder);
        Assert.True(Directory.Exists(folder), $"golden vector folder missing: {folder}");

        string[] files = Directory.GetFiles(folder, "*.cbor").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

        Assert.Equal(Fixtures.Keys.Order(StringComparer.Ordinal), files);
    }

    private static byte[] ReadGolden(string file)
    {
        string path = Path.Combine(RepoRoot(), GoldenFolder, file);
        if (!File.Exists(path))
        {
            Assert.Fail($"golden vector missing: {path} (generate it with the C tool device-firmware/core/tools/gen_golden.c)");
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>The folder holding Fleet.sln, found by walking up from the test binaries.</summary>
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
            {
                return dir.FullName;
            }
        }

        Assert.Fail($"Fleet.sln not found above {AppContext.BaseDirectory}");
        return "";
    }

    private static byte[] Bytes(int length, Func<int, int> value) =>
        Enumerable.Range(0, length).Select(i => (byte)value(i)).ToArray();
}
