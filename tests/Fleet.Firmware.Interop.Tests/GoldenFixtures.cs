using Fleet.Contracts.Messages;

namespace Fleet.Firmware.Interop.Tests;

/// <summary>
/// The protocol v1 fixtures rebuilt from tests/golden/protocol/README.md (not from the C source), so these
/// tests catch a disagreement between the README, the C encoder and the C# records.
/// </summary>
internal static class GoldenFixtures
{
    public static readonly IReadOnlyDictionary<string, FleetMessage> ByFile = new Dictionary<string, FleetMessage>
    {
        ["01_detection.cbor"] = new DetectionEvent("cam-0042.lab_A", 1234567, 1767225600123, DetectorKind.Face,
            [
                new DetectionBox(0, 23, 24, 255, 10000, "face"),
                new DetectionBox(256, 65535, 1000, 88, 0, ""),
                new DetectionBox(12, 11, 107, 107, 9500, "Face #2 (left)!"),
            ],
            "frontalface.cascade-15", 3, 48213, 39828480, 1250000),
        ["02_telemetry.cbor"] = new Telemetry("sensor.North-Wing_0123456789abcd", 65536, 4294967296, 3712, 1000,
            -1250, 70000, 65535, 23, "fleet-fw 1.4.2+build.77", "", 0, -128),
        ["03_status.cbor"] = new StatusMessage("a", 24, 1767225600000, DeviceState.Sleeping, "1.4.2",
            WakeReason.Timer, 86400),
        ["04_desired_config.cbor"] = new DesiredConfig("cam-0042",
            new DeviceConfig(7, 300, 12, 7500, DetectorKind.Smile, "smile-detector_v2.int8-qat.2025", 20251124, true)),
        ["05_reported_config.cbor"] = new ReportedConfig("cam-0042",
            new DeviceConfig(4294967295, 86400, 1000, 0, DetectorKind.ThermalPerson, "thermal-person", 1, false),
            ConfigApplyResult.RejectedModelMissing),
        ["06_ota_offer.cbor"] = new OtaOffer("cam-0042", 42, "cifar10_fast", 30, 16777216,
            Pattern(32, i => i), 1024, Pattern(64, i => 3 * i + 7)),
        ["07_ota_chunk_request.cbor"] = new OtaChunkRequest("cam-0042", 42, 16776192, 1024),
        ["08_ota_chunk.cbor"] = new OtaChunk("cam-0042", 42, 1024, Pattern(300, i => 7 * i + 1)),
        ["09_ota_result.cbor"] = new OtaResult("cam-0042", 42, OtaResultCode.Incompatible, 29),
        ["10_telemetry_ledger.cbor"] = new Telemetry("cam-0042", 7, 1767225660000, 3905, 712, 2150, 1234, 60, 3600,
            "1.5.0", "smile", 2, -67, [0, 23, 24, 255, 256, 65535, 65536, 4294967295]),
        ["11_telemetry_dropped.cbor"] = new Telemetry("cam-0042", 8, 1767229200000, 3620, 180, -450, 98765, 1440,
            86400, "1.5.0", "smile", 2, 0, null, 4294967295, 23),
        ["12_reported_config_reject.cbor"] = new ReportedConfig("cam-0042",
            new DeviceConfig(6, 300, 12, 7500, DetectorKind.Smile, "smile", 2, true, 1320, 360),
            ConfigApplyResult.RejectedInvalid, "wake_interval_s: 0 outside 1..86400; telemetry_every: 0 outside"),
        ["13_desired_config_quiet.cbor"] = new DesiredConfig("cam-0042",
            new DeviceConfig(7, 300, 12, 7500, DetectorKind.Smile, "smile-detector_v2.int8-qat.2025", 20251124, true,
                0, 1439)),
        ["14_ota_result_deferred.cbor"] = new OtaResult("cam-0042", 43, OtaResultCode.DeferredLowBattery, 29),
    };

    public static TheoryData<string> FileNames => [.. ByFile.Keys.Order(StringComparer.Ordinal)];

    public static string Directory { get; } = Path.Combine(FindRepoRoot(), "tests", "golden", "protocol");

    public static byte[] ReadFile(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    private static byte[] Pattern(int length, Func<int, int> byteAt) =>
        [.. Enumerable.Range(0, length).Select(i => (byte)(byteAt(i) & 0xFF))];

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docs", "protocol.md")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Repository root (docs/protocol.md) not found above the test binaries.");
    }
}
