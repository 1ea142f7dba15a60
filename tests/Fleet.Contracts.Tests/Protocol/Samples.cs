// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Contracts.Tests.Protocol;

/// <summary>
/// One valid message per type (plus edge variants), built fresh on every call so no test can change another's
/// data. Values exercise every integer width: 1-byte, 2-, 4- and 8-byte arguments and negative numbers.
/// </summary>
internal static class Samples
{
    public const string DeviceId = "cam-01";

    public static TheoryData<string> Names => new(Builders.Keys.Order(StringComparer.Ordinal));

    public static IEnumerable<string> AllNames => Builders.Keys.Order(StringComparer.Ordinal);

    public static FleetMessage Get(string name) => Builders[name]();

    private static readonly Dictionary<string, Func<FleetMessage>> Builders = new()
    {
        ["detection"] = () => new DetectionEvent(DeviceId, 42, 1_735_689_600_123, DetectorKind.Face,
            [new DetectionBox(10, 20, 64, 64, 9_321, "face"), new DetectionBox(300, 200, 48, 52, 7_710, "face")],
            "face-det.v3", 3, 48_250, 1_234_567, 350_000),
        ["detection_empty"] = () => new DetectionEvent("d", 0, 0, DetectorKind.Classifier, [], "", 0, 0, 0, 0),
        ["detection_max"] = () => new DetectionEvent(new string('Z', 32), uint.MaxValue, ulong.MaxValue,
            DetectorKind.ThermalPerson,
            Enumerable.Range(0, 16).Select(i => new DetectionBox(ushort.MaxValue, (ushort)i, 1, 2, 10_000,
                "label ~ #" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))).ToArray(),
            new string('m', 31), uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue),
        ["telemetry"] = () => new Telemetry(DeviceId, 43, 1_735_689_600_456, 3_712, 874, -1_250, 123_456, 1_000,
            86_400, "1.4.2-rc.1+build 7", "face-det.v3", 3, -67),
        ["telemetry_extremes"] = () => new Telemetry("t.1_x", 24, 255, ushort.MaxValue, 1_000, short.MinValue,
            65_536, 23, 256, new string('~', 23), "", 0, sbyte.MinValue),
        ["telemetry_positive"] = () => new Telemetry("t", 1, 2, 0, 0, short.MaxValue, 0, 0, 0, "", "m", 1,
            sbyte.MaxValue),
        ["status"] = () => new StatusMessage(DeviceId, 44, 1_735_689_600_789, DeviceState.Sleeping, "1.4.2",
            WakeReason.Timer, 300),
        ["status_will"] = () => new StatusMessage(DeviceId, 7, 1_000, DeviceState.Offline, "", WakeReason.None, 0),
        ["desired_config"] = () => new DesiredConfig(DeviceId,
            new DeviceConfig(7, 300, 12, 6_000, DetectorKind.Smile, "smile-v1", 2, true)),
        ["reported_config"] = () => new ReportedConfig(DeviceId,
            new DeviceConfig(7, 86_400, 1_000, 10_000, DetectorKind.Face, "", 0, false),
            ConfigApplyResult.RejectedModelMissing),
        ["ota_offer"] = () => new OtaOffer(DeviceId, 9, "face-det.v4", 4, 16_777_216, Pattern(32, 1),
            1_024, Pattern(64, 3)),
        ["ota_chunk_request"] = () => new OtaChunkRequest(DeviceId, 9, 4_096, 1_024),
        ["ota_chunk"] = () => new OtaChunk(DeviceId, 9, 4_096, Pattern(1_024, 7)),
        ["ota_chunk_small"] = () => new OtaChunk(DeviceId, 9, 0, new byte[] { 0xFF }),
        ["ota_result"] = () => new OtaResult(DeviceId, 9, OtaResultCode.TimedOut, 4),
    };

    /// <summary>Bytes 0, k, 2k, … modulo 256: deterministic, not all equal.</summary>
    public static byte[] Pattern(int length, int step) =>
        Enumerable.Range(0, length).Select(i => (byte)(i * step)).ToArray();
}
