// SPDX-License-Identifier: MIT
using System.Formats.Cbor;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Tests.Protocol;

/// <summary>Telemetry key 15 (wake_ledger): optional, trailing, exactly eight u32 entries when present.</summary>
public sealed class FleetCodecWakeLedgerTests
{
    private static readonly uint[] Ledger = [16_000, 1_200, 30_000, 2_500, 4_500, 0, 0, 0];

    private static Telemetry WithLedger() => ((Telemetry)Samples.Get("telemetry")) with { WakeLedgerUc = Ledger };

    [Fact]
    public void Encode_WithLedger_AppendsKey15AsAnArrayOfEight()
    {
        var entries = CborPatch.Split(FleetCodec.Encode(WithLedger()));

        Assert.Equal(16, entries.Count);
        Assert.Equal(15UL, entries[^1].Key);
        var reader = new CborReader(entries[^1].Value);
        Assert.Equal(8, reader.ReadStartArray());
        Assert.Equal(Ledger, Enumerable.Range(0, 8).Select(_ => reader.ReadUInt32()));
    }

    [Fact]
    public void Encode_WithoutLedger_KeepsTheFifteenV1Pairs()
    {
        var entries = CborPatch.Split(FleetCodec.Encode(Samples.Get("telemetry")));

        Assert.Equal(15, entries.Count);
        Assert.Equal(14UL, entries[^1].Key);
    }

    [Fact]
    public void Decode_WithLedger_RoundTripsByteIdentically()
    {
        byte[] payload = FleetCodec.Encode(WithLedger());

        DecodeResult result = FleetCodec.Decode(payload);

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(WithLedger(), result.Message);
        Assert.Equal(Ledger, ((Telemetry)result.Message).WakeLedgerUc);
        Assert.Equal(payload, FleetCodec.Encode(result.Message));
    }

    [Fact]
    public void Decode_WithoutLedger_GivesNull()
    {
        DecodeResult result = FleetCodec.Decode(FleetCodec.Encode(Samples.Get("telemetry")));

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Null(((Telemetry)result.Message).WakeLedgerUc);
    }

    [Fact]
    public void Equals_LedgerComparedByContent()
    {
        Assert.Equal(WithLedger(), WithLedger() with { WakeLedgerUc = Ledger.ToArray() });
        Assert.NotEqual(WithLedger(), WithLedger() with { WakeLedgerUc = [1, 2, 3, 4, 5, 6, 7, 8] });
        Assert.NotEqual(WithLedger(), WithLedger() with { WakeLedgerUc = null });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(9)]
    public void Decode_LedgerOfWrongLength_ReturnsInvalidField(int count)
    {
        byte[] payload = CborPatch.Set(FleetCodec.Encode(WithLedger()), 15, w =>
        {
            w.WriteStartArray(count);
            for (int i = 0; i < count; i++)
            {
                w.WriteUInt32(1);
            }

            w.WriteEndArray();
        });

        Assert.Equal(DecodeError.InvalidField, FleetCodec.Decode(payload).Error);
    }

    [Fact]
    public void Decode_LedgerEntryAboveU32_ReturnsInvalidField()
    {
        byte[] payload = CborPatch.Set(FleetCodec.Encode(WithLedger()), 15, w =>
        {
            w.WriteStartArray(8);
            for (int i = 0; i < 8; i++)
            {
                w.WriteUInt64(i == 3 ? 4_294_967_296UL : 1UL);
            }

            w.WriteEndArray();
        });

        Assert.Equal(DecodeError.InvalidField, FleetCodec.Decode(payload).Error);
    }

    [Fact]
    public void Decode_LedgerNotAnArray_ReturnsInvalidField()
    {
        byte[] payload = CborPatch.Set(FleetCodec.Encode(WithLedger()), 15, w => w.WriteUInt32(8));

        Assert.Equal(DecodeError.InvalidField, FleetCodec.Decode(payload).Error);
    }

    [Fact]
    public void Decode_KeyAfterTheLastTelemetryKey_ReturnsUnknownKey()
    {
        var entries = CborPatch.Split(FleetCodec.Encode(WithLedger()));
        entries.Add((18, [0x00]));

        DecodeResult result = FleetCodec.Decode(CborPatch.Join(entries));

        Assert.Equal(DecodeError.InvalidField, result.Error);
        Assert.Contains("unknown key 18", result.Detail, StringComparison.Ordinal);
    }
}
