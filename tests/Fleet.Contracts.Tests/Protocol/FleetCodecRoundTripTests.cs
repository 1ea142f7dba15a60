// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Tests.Protocol;

public sealed class FleetCodecRoundTripTests
{
    public static TheoryData<string> Names => Samples.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_EncodedSample_ReturnsEqualMessage(string name)
    {
        FleetMessage original = Samples.Get(name);

        DecodeResult result = FleetCodec.Decode(FleetCodec.Encode(original));

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(DecodeError.None, result.Error);
        Assert.Null(result.Detail);
        Assert.Equal(original, result.Message);
        Assert.Equal(original.GetType(), result.Message.GetType());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_DecodedSample_IsByteIdentical(string name)
    {
        byte[] payload = FleetCodec.Encode(Samples.Get(name));

        DecodeResult result = FleetCodec.Decode(payload);

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(payload, FleetCodec.Encode(result.Message));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_SameMessageTwice_GivesSameBytes(string name)
    {
        Assert.Equal(FleetCodec.Encode(Samples.Get(name)), FleetCodec.Encode(Samples.Get(name)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_AnySample_FitsThePayloadLimit(string name)
    {
        Assert.InRange(FleetCodec.Encode(Samples.Get(name)).Length, 1, ProtocolLimits.MaxPayloadBytes);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_AnySample_StartsWithSchemaTypeAndDeviceId(string name)
    {
        FleetMessage message = Samples.Get(name);

        var entries = CborPatch.Split(FleetCodec.Encode(message));

        Assert.Equal([0UL, 1UL, 2UL], entries.Take(3).Select(e => e.Key));
        Assert.Equal(new byte[] { 0x01 }, entries[0].Value);
        Assert.Equal(new[] { (byte)message.Type }, entries[1].Value);
        Assert.Equal(Enumerable.Range(0, entries.Count).Select(i => (ulong)i), entries.Select(e => e.Key));
    }

    [Fact]
    public void Encode_OtaChunkRequest_MatchesHandAssembledBytes()
    {
        // a6: map(6); 00 01: schema 1; 01 07: type 7; 02 62 "d1"; 03 01: offer 1; 04 19 1000: offset 4096;
        // 05 19 0400: length 1024.
        byte[] expected = CborPatch.Hex("a6 0001 0107 02 626431 0301 04 191000 05 190400");

        Assert.Equal(expected, FleetCodec.Encode(new OtaChunkRequest("d1", 1, 4_096, 1_024)));
    }

    [Fact]
    public void Encode_TelemetryWithNegatives_UsesMajorTypeOneShortestForm()
    {
        var message = new Telemetry("t", 0, 0, 0, 0, -1_250, 0, 0, 0, "", "", 0, -67);

        var entries = CborPatch.Split(FleetCodec.Encode(message));

        // -1250 = -1 - 1249 (0x04e1) → 39 04e1; -67 = -1 - 66 (0x42) → 38 42.
        Assert.Equal(CborPatch.Hex("39 04e1"), entries.Single(e => e.Key == 7).Value);
        Assert.Equal(CborPatch.Hex("38 42"), entries.Single(e => e.Key == 14).Value);
    }

    [Fact]
    public void Encode_ConfigBooleans_AreSimpleValuesTrueAndFalse()
    {
        var on = new DesiredConfig("d", new DeviceConfig(1, 1, 1, 0, DetectorKind.Face, "", 0, true));
        var off = on with { Config = on.Config with { ReportEmpty = false } };

        Assert.Equal(new byte[] { 0xF5 }, CborPatch.Split(FleetCodec.Encode(on)).Single(e => e.Key == 10).Value);
        Assert.Equal(new byte[] { 0xF4 }, CborPatch.Split(FleetCodec.Encode(off)).Single(e => e.Key == 10).Value);
    }

    [Fact]
    public void Decode_ReportedAndDesiredConfig_DifferOnlyInKeyEleven()
    {
        var config = new DeviceConfig(7, 300, 12, 6_000, DetectorKind.Smile, "smile-v1", 2, true);
        var desired = CborPatch.Split(FleetCodec.Encode(new DesiredConfig("d", config)));
        var reported = CborPatch.Split(FleetCodec.Encode(new ReportedConfig("d", config, ConfigApplyResult.Applied)));

        Assert.Equal(11, desired.Count);
        Assert.Equal(12, reported.Count);
        Assert.Equal(desired.Skip(2).Select(e => e.Value), reported.Skip(2).Take(9).Select(e => e.Value));
    }
}
