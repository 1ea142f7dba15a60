// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Tests.Protocol;

/// <summary>
/// The optional v1 keys the device agent sends: telemetry 16/17 (dropped counters), reported config 12 (reject
/// reason), config 13/14 (quiet hours), and OTA result code 9. Each may be absent; present ones ascend.
/// </summary>
public sealed class FleetCodecOptionalFieldsTests
{
    private static Telemetry Telemetry() => (Telemetry)Samples.Get("telemetry");

    private static ReportedConfig Rejected() => new("cam-1",
        new DeviceConfig(3, 0 + 60, 5, 7_000, DetectorKind.Smile, "smile", 2, true, 1_320, 360),
        ConfigApplyResult.RejectedInvalid, "wake_interval_s: 0 is outside 1..86400");

    private static DesiredConfig Desired() => new("cam-1",
        new DeviceConfig(4, 300, 12, 6_000, DetectorKind.Smile, "smile", 2, true, 0, 1_439));

    [Fact]
    public void Telemetry_OnlyKey17_SkipsAbsentKeys15And16AndRoundTrips()
    {
        Telemetry t = Telemetry() with { DroppedDetections = 7 };

        byte[] payload = FleetCodec.Encode(t);
        var keys = CborPatch.Split(payload).Select(e => e.Key).ToList();
        DecodeResult result = FleetCodec.Decode(payload);

        Assert.Equal([.. Enumerable.Range(0, 15).Select(i => (ulong)i), 17UL], keys);
        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(t, result.Message);
        Assert.Null(((Telemetry)result.Message).DroppedTelemetry);
        Assert.Equal(payload, FleetCodec.Encode(result.Message));
    }

    [Fact]
    public void Telemetry_AllOptionalKeys_AscendAndDecode()
    {
        Telemetry t = Telemetry() with
        {
            WakeLedgerUc = [1, 2, 3, 4, 5, 6, 7, 8], DroppedTelemetry = 1_284, DroppedDetections = 0,
        };

        byte[] payload = FleetCodec.Encode(t);
        DecodeResult result = FleetCodec.Decode(payload);

        Assert.Equal([15UL, 16UL, 17UL], CborPatch.Split(payload).Skip(15).Select(e => e.Key));
        Assert.Equal(t, result.Message);
    }

    [Fact]
    public void Telemetry_DroppedKeysSwapped_ReturnsInvalidField()
    {
        var entries = CborPatch.Split(FleetCodec.Encode(Telemetry() with { DroppedTelemetry = 1, DroppedDetections = 2 }));
        (entries[^1], entries[^2]) = (entries[^2], entries[^1]);

        DecodeResult result = FleetCodec.Decode(CborPatch.Join(entries));

        Assert.Equal(DecodeError.InvalidField, result.Error);
    }

    [Fact]
    public void Telemetry_DroppedAboveU32_ReturnsInvalidField()
    {
        byte[] payload = CborPatch.Set(FleetCodec.Encode(Telemetry() with { DroppedTelemetry = 1 }), 16,
            w => w.WriteUInt64(4_294_967_296UL));

        DecodeResult result = FleetCodec.Decode(payload);

        Assert.Equal(DecodeError.InvalidField, result.Error);
        Assert.Contains("dropped_telemetry", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportedConfig_ReasonAndQuietHours_RoundTrip()
    {
        byte[] payload = FleetCodec.Encode(Rejected());
        DecodeResult result = FleetCodec.Decode(payload);

        Assert.Equal([11UL, 12UL, 13UL, 14UL], CborPatch.Split(payload).Skip(11).Select(e => e.Key));
        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(Rejected(), result.Message);
        Assert.Equal(payload, FleetCodec.Encode(result.Message));
    }

    [Fact]
    public void ReportedConfig_WithoutOptionalKeys_IsTheV1Message()
    {
        ReportedConfig plain = Rejected() with { RejectReason = null, Config = Rejected().Config with { QuietStartMin = null, QuietEndMin = null } };

        var keys = CborPatch.Split(FleetCodec.Encode(plain)).Select(e => e.Key).ToList();

        Assert.Equal(Enumerable.Range(0, 12).Select(i => (ulong)i), keys);
    }

    [Fact]
    public void ReportedConfig_ReasonWithApplied_IsRefusedBothWays()
    {
        ReportedConfig applied = Rejected() with { ApplyResult = ConfigApplyResult.Applied };
        byte[] payload = CborPatch.Set(FleetCodec.Encode(Rejected()), 11, w => w.WriteUInt32(0));

        Assert.Throws<ArgumentException>(() => FleetCodec.Encode(applied));
        DecodeResult result = FleetCodec.Decode(payload);
        Assert.Equal(DecodeError.InvalidField, result.Error);
        Assert.Contains("reject_reason", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(64, "r")]
    [InlineData(3, "\u007f")]
    [InlineData(2, "é")]
    public void ReportedConfig_BadReason_IsRefusedBothWays(int length, string character)
    {
        string reason = string.Concat(Enumerable.Repeat(character, length));
        byte[] payload = CborPatch.Set(FleetCodec.Encode(Rejected()), 12, w => w.WriteTextString(reason));

        Assert.Throws<ArgumentException>(() => FleetCodec.Encode(Rejected() with { RejectReason = reason }));
        Assert.Equal(DecodeError.InvalidField, FleetCodec.Decode(payload).Error);
    }

    [Fact]
    public void ReportedConfig_EmptyAndLongestReason_AreValid()
    {
        Assert.True(FleetCodec.Decode(FleetCodec.Encode(Rejected() with { RejectReason = "" })).IsSuccess);
        Assert.True(FleetCodec.Decode(FleetCodec.Encode(Rejected() with { RejectReason = new string('~', 63) })).IsSuccess);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(14)]
    public void Config_OneQuietBoundAbove1439_IsInvalidField(ulong key)
    {
        byte[] payload = CborPatch.Set(FleetCodec.Encode(Desired()), key, w => w.WriteUInt32(1_440));

        DecodeResult result = FleetCodec.Decode(payload);

        Assert.Equal(DecodeError.InvalidField, result.Error);
        Assert.Contains(key == 13 ? "quiet_start_min" : "quiet_end_min", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(14)]
    public void Config_HalfOfTheQuietHours_IsRefusedBothWays(ulong missing)
    {
        var entries = CborPatch.Split(FleetCodec.Encode(Desired())).Where(e => e.Key != missing);
        DeviceConfig half = missing == 13 ? Desired().Config with { QuietStartMin = null }
            : Desired().Config with { QuietEndMin = null };

        DecodeResult result = FleetCodec.Decode(CborPatch.Join(entries));

        Assert.Equal(DecodeError.InvalidField, result.Error);
        Assert.Contains("both or neither", result.Detail, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FleetCodec.Encode(Desired() with { Config = half }));
    }

    [Fact]
    public void DesiredConfig_Key12_IsUnknown()
    {
        var entries = CborPatch.Split(FleetCodec.Encode(Desired()));
        entries.Insert(11, (12, [0x60]));

        Assert.Equal(DecodeError.InvalidField, FleetCodec.Decode(CborPatch.Join(entries)).Error);
    }

    [Fact]
    public void DesiredConfig_QuietHours_RoundTrip()
    {
        byte[] payload = FleetCodec.Encode(Desired());

        DecodeResult result = FleetCodec.Decode(payload);

        Assert.Equal(Desired(), result.Message);
        Assert.Equal(payload, FleetCodec.Encode(result.Message!));
    }

    [Fact]
    public void OtaResult_DeferredLowBattery_IsCode9AndTenIsInvalid()
    {
        byte[] payload = FleetCodec.Encode(new OtaResult("cam-1", 5, OtaResultCode.DeferredLowBattery, 1));

        Assert.Equal([0x09], CborPatch.Split(payload).Single(e => e.Key == 4).Value);
        Assert.Equal(OtaResultCode.DeferredLowBattery, ((OtaResult)FleetCodec.Decode(payload).Message!).Code);
        Assert.Equal(DecodeError.InvalidField,
            FleetCodec.Decode(CborPatch.Set(payload, 4, w => w.WriteUInt32(10))).Error);
    }
}
