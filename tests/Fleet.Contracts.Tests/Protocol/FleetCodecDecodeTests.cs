// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Tests.Protocol;

/// <summary>Every rejection rule of docs/protocol.md §2 and §4, one payload per rule.</summary>
public sealed class FleetCodecDecodeTests
{
    public static TheoryData<string> Names => Samples.Names;

    private static byte[] Valid(string name) => FleetCodec.Encode(Samples.Get(name));

    private static void AssertRejected(byte[] payload, DecodeError expected, string? detailContains = null)
    {
        DecodeResult result = FleetCodec.Decode(payload);

        Assert.False(result.IsSuccess);
        Assert.Null(result.Message);
        Assert.True(expected == result.Error, $"expected {expected}, got {result.Error}: {result.Detail}");
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, result.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_TruncatedAtEveryLength_ReturnsMalformed(string name)
    {
        byte[] payload = Valid(name);

        for (int length = 0; length < payload.Length; length++)
        {
            DecodeResult result = FleetCodec.Decode(payload.AsSpan(0, length));
            Assert.True(result.Error == DecodeError.Malformed, $"prefix {length}/{payload.Length}: {result.Error} {result.Detail}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_TrailingByte_ReturnsMalformed(string name)
    {
        AssertRejected([.. Valid(name), 0x00], DecodeError.Malformed, "trailing");
    }

    [Fact]
    public void Decode_SecondCompleteItemAfterMap_ReturnsMalformed()
    {
        byte[] payload = Valid("ota_result");

        AssertRejected([.. payload, .. payload], DecodeError.Malformed, "trailing");
    }

    [Theory]
    [InlineData(2UL)]
    [InlineData(0UL)]
    [InlineData(ulong.MaxValue)]
    public void Decode_SchemaVersionNotOne_ReturnsUnsupportedVersion(ulong version)
    {
        byte[] payload = CborPatch.Set(Valid("telemetry"), 0, w => w.WriteUInt64(version));

        AssertRejected(payload, DecodeError.UnsupportedVersion, "schema");
    }

    [Fact]
    public void Decode_SchemaTwoWithExtraKeys_ReturnsUnsupportedVersionNotInvalidField()
    {
        var entries = CborPatch.Split(Valid("telemetry"));
        entries[0] = (0, [0x02]);
        entries.Add((15, [0x00]));

        AssertRejected(CborPatch.Join(entries), DecodeError.UnsupportedVersion);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_DuplicateKey_ReturnsInvalidFieldNamingKey(string name)
    {
        var entries = CborPatch.Split(Valid(name));
        entries.Insert(4, entries[3]);

        AssertRejected(CborPatch.Join(entries), DecodeError.InvalidField, "duplicate key 3");
    }

    [Fact]
    public void Decode_DuplicateLastKey_ReturnsInvalidField()
    {
        var entries = CborPatch.Split(Valid("ota_result"));
        entries.Add(entries[^1]);

        AssertRejected(CborPatch.Join(entries), DecodeError.InvalidField, "duplicate key 5");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_KeysOutOfOrder_ReturnsInvalidFieldNamingKey(string name)
    {
        var entries = CborPatch.Split(Valid(name));
        (entries[3], entries[4]) = (entries[4], entries[3]);

        AssertRejected(CborPatch.Join(entries), DecodeError.InvalidField, "missing key 3");
    }

    [Fact]
    public void Decode_EarlierKeyAfterLaterOne_ReturnsInvalidFieldOutOfOrder()
    {
        var entries = CborPatch.Split(Valid("ota_result"));
        entries.Add((3, [0x00]));

        AssertRejected(CborPatch.Join(entries), DecodeError.InvalidField, "key 3 out of order after key 5");
    }

    [Fact]
    public void Decode_CommonKeysSwapped_ReturnsInvalidField()
    {
        var entries = CborPatch.Split(Valid("status"));
        (entries[1], entries[2]) = (entries[2], entries[1]);

        AssertRejected(CborPatch.Join(entries), DecodeError.InvalidField, "missing key 1");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_UnknownKeyAfterLast_ReturnsInvalidField(string name)
    {
        var entries = CborPatch.Split(Valid(name));
        // The samples carry no optional key, so the type's last key follows the optional ones (telemetry 15–17,
        // config 12–14), not the sample's last pair.
        ulong next = Samples.Get(name) switch
        {
            Telemetry => 18,
            DesiredConfig or ReportedConfig => 15,
            _ => (ulong)entries.Count,
        };
        entries.Add((next, [0x00]));

        AssertRejected(CborPatch.Join(entries), DecodeError.InvalidField, $"unknown key {next}");
    }

    [Theory]
    [InlineData(24UL)]
    [InlineData(1_000UL)]
    [InlineData(ulong.MaxValue)]
    public void Decode_LargeUnknownKey_ReturnsInvalidField(ulong key)
    {
        var entries = CborPatch.Split(Valid("ota_result"));
        entries.Add((key, [0x00]));

        AssertRejected(CborPatch.Join(entries), DecodeError.InvalidField, $"unknown key {key}");
    }

    [Fact]
    public void Decode_UnknownKeyInsteadOfExpected_ReturnsInvalidField()
    {
        var entries = CborPatch.Split(Valid("ota_result"));
        entries[5] = (6, entries[5].Value);

        AssertRejected(CborPatch.Join(entries), DecodeError.InvalidField, "unknown key 6");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_EachKeyMissing_ReturnsInvalidFieldNamingIt(string name)
    {
        int count = CborPatch.Split(Valid(name)).Count;

        // Key 0 is special: without it the first key is 1, which is reported as "missing key 0".
        for (int missing = 0; missing < count; missing++)
        {
            var entries = CborPatch.Split(Valid(name));
            entries.RemoveAt(missing);
            AssertRejected(CborPatch.Join(entries), DecodeError.InvalidField, $"missing key {missing}");
        }
    }

    [Fact]
    public void Decode_EmptyMap_ReturnsInvalidFieldMissingKeyZero()
    {
        AssertRejected([0xA0], DecodeError.InvalidField, "missing key 0");
    }

    [Theory]
    [InlineData(3UL, "18 05")]                  // seq 5 in two bytes
    [InlineData(3UL, "19 0005")]                // seq 5 in three bytes
    [InlineData(3UL, "1a 000000ff")]            // 255 in five bytes
    [InlineData(4UL, "1b 00000000ffffffff")]    // u32 max in nine bytes
    [InlineData(7UL, "39 0000")]                // -1 in three bytes
    [InlineData(11UL, "78 05 312e342e32")]      // text length 5 in two bytes
    public void Decode_NonShortestInteger_ReturnsMalformed(ulong key, string hex)
    {
        AssertRejected(CborPatch.SetRaw(Valid("telemetry"), key, CborPatch.Hex(hex)), DecodeError.Malformed);
    }

    [Fact]
    public void Decode_NonShortestMapLength_ReturnsMalformed()
    {
        byte[] payload = Valid("ota_result");
        Assert.Equal(0xA6, payload[0]);

        AssertRejected([0xB8, 0x06, .. payload.AsSpan(1)], DecodeError.Malformed);
    }

    [Fact]
    public void Decode_NonShortestKey_ReturnsMalformed()
    {
        byte[] payload = Valid("ota_result");
        int keyThree = Array.IndexOf(payload, (byte)0x03, 10);
        byte[] patched = [.. payload.AsSpan(0, keyThree), 0x18, 0x03, .. payload.AsSpan(keyThree + 1)];

        AssertRejected(patched, DecodeError.Malformed);
    }

    [Fact]
    public void Decode_NonShortestBoxesArrayLength_ReturnsMalformed()
    {
        AssertRejected(CborPatch.SetRaw(Valid("detection_empty"), 6, CborPatch.Hex("98 00")), DecodeError.Malformed);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_IndefiniteLengthMap_ReturnsMalformed(string name)
    {
        AssertRejected(CborPatch.Join(CborPatch.Split(Valid(name)), indefinite: true), DecodeError.Malformed);
    }

    [Fact]
    public void Decode_IndefiniteLengthText_ReturnsMalformed()
    {
        // 7f 62 "1." 63 "4.2" ff: "1.4.2" in two chunks.
        byte[] chunked = CborPatch.Hex("7f 62 312e 63 342e32 ff");

        AssertRejected(CborPatch.SetRaw(Valid("status"), 6, chunked), DecodeError.Malformed);
    }

    [Fact]
    public void Decode_IndefiniteLengthBoxes_ReturnsMalformed()
    {
        AssertRejected(CborPatch.SetRaw(Valid("detection_empty"), 6, CborPatch.Hex("9f ff")), DecodeError.Malformed);
    }

    [Fact]
    public void Decode_IndefiniteLengthByteString_ReturnsMalformed()
    {
        AssertRejected(CborPatch.SetRaw(Valid("ota_chunk_small"), 5, CborPatch.Hex("5f 41 ff ff")), DecodeError.Malformed);
    }

    [Theory]
    [InlineData("label", 16)]
    [InlineData("model_id", 32)]
    public void Decode_DetectionTextTooLong_ReturnsInvalidField(string field, int length)
    {
        byte[] payload = Valid("detection");
        payload = field == "model_id"
            ? CborPatch.Set(payload, 7, w => w.WriteTextString(new string('m', length)))
            : CborPatch.Set(payload, 6, w =>
            {
                w.WriteStartArray(1);
                w.WriteStartArray(6);
                foreach (uint v in new uint[] { 1, 2, 3, 4, 5 })
                {
                    w.WriteUInt32(v);
                }

                w.WriteTextString(new string('l', length));
                w.WriteEndArray();
                w.WriteEndArray();
            });

        AssertRejected(payload, DecodeError.InvalidField, field);
    }

    [Fact]
    public void Decode_FirmwareVersionTooLong_ReturnsInvalidField()
    {
        AssertRejected(CborPatch.Set(Valid("telemetry"), 11, w => w.WriteTextString(new string('1', 24))),
            DecodeError.InvalidField, "key 11 (firmware_version)");
    }

    [Fact]
    public void Decode_DeviceIdTooLong_ReturnsInvalidField()
    {
        AssertRejected(CborPatch.Set(Valid("status"), 2, w => w.WriteTextString(new string('d', 33))),
            DecodeError.InvalidField, "key 2 (device id)");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a+b")]
    [InlineData("dev#")]
    [InlineData("dev 1")]
    [InlineData("dévice")]
    public void Decode_InvalidDeviceId_ReturnsInvalidField(string deviceId)
    {
        AssertRejected(CborPatch.Set(Valid("status"), 2, w => w.WriteTextString(deviceId)),
            DecodeError.InvalidField, "key 2 (device id)");
    }

    [Fact]
    public void Decode_EmptyModelIdInOffer_ReturnsInvalidField()
    {
        AssertRejected(CborPatch.Set(Valid("ota_offer"), 4, w => w.WriteTextString("")),
            DecodeError.InvalidField, "key 4 (model_id)");
    }

    [Theory]
    [InlineData("face\u00e9")]   // valid UTF-8, not ASCII
    [InlineData("tab\t")]        // control character
    [InlineData("del\u007f")]
    public void Decode_LabelOutsidePrintableAscii_ReturnsInvalidField(string label)
    {
        byte[] payload = CborPatch.Set(Valid("detection"), 6, w =>
        {
            w.WriteStartArray(1);
            w.WriteStartArray(6);
            for (int i = 0; i < 5; i++)
            {
                w.WriteUInt32(1);
            }

            w.WriteTextString(label);
            w.WriteEndArray();
            w.WriteEndArray();
        });

        AssertRejected(payload, DecodeError.InvalidField, "label");
    }

    [Fact]
    public void Decode_InvalidUtf8_ReturnsInvalidField()
    {
        // RFC 8949 §5.3.1: well-formed but invalid; the C decoder calls it a character outside the set.
        AssertRejected(CborPatch.SetRaw(Valid("status"), 6, CborPatch.Hex("62 c328")), DecodeError.InvalidField,
            "key 6 (firmware_version)");
    }

    [Theory]
    [InlineData("63 c328")]       // invalid UTF-8, and the payload ends one byte short
    [InlineData("78 02 c328")]    // invalid UTF-8 behind a non-shortest length
    public void Decode_InvalidUtf8InMalformedItem_ReturnsMalformed(string hex)
    {
        // Keys 0–6 only, so the text is the last item and a short one really runs off the end.
        var entries = CborPatch.Split(Valid("status")).Take(7).ToList();
        entries[6] = (6, CborPatch.Hex(hex));

        AssertRejected(CborPatch.Join(entries), DecodeError.Malformed);
    }

    [Fact]
    public void Decode_SeventeenBoxes_ReturnsInvalidField()
    {
        byte[] payload = CborPatch.Set(Valid("detection"), 6, w =>
        {
            w.WriteStartArray(17);
            for (int b = 0; b < 17; b++)
            {
                w.WriteStartArray(6);
                for (int i = 0; i < 5; i++)
                {
                    w.WriteUInt32(1);
                }

                w.WriteTextString("x");
                w.WriteEndArray();
            }

            w.WriteEndArray();
        });

        AssertRejected(payload, DecodeError.InvalidField, "key 6 (boxes)");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(0)]
    public void Decode_BoxWithWrongItemCount_ReturnsInvalidField(int items)
    {
        byte[] payload = CborPatch.Set(Valid("detection"), 6, w =>
        {
            w.WriteStartArray(1);
            w.WriteStartArray(items);
            for (int i = 0; i < items; i++)
            {
                w.WriteUInt32(1);
            }

            w.WriteEndArray();
            w.WriteEndArray();
        });

        AssertRejected(payload, DecodeError.InvalidField, "boxes[0]");
    }

    [Fact]
    public void Decode_BoxScoreAboveTenThousand_ReturnsInvalidFieldNamingBox()
    {
        byte[] payload = CborPatch.Set(Valid("detection"), 6, w =>
        {
            w.WriteStartArray(2);
            foreach (uint score in new uint[] { 10_000, 10_001 })
            {
                w.WriteStartArray(6);
                w.WriteUInt32(1);
                w.WriteUInt32(1);
                w.WriteUInt32(1);
                w.WriteUInt32(1);
                w.WriteUInt32(score);
                w.WriteTextString("");
                w.WriteEndArray();
            }

            w.WriteEndArray();
        });

        AssertRejected(payload, DecodeError.InvalidField, "key 6 (boxes[1].score_pmy): 10001");
    }

    [Fact]
    public void Decode_BoxCoordinateAboveU16_ReturnsInvalidField()
    {
        byte[] payload = CborPatch.Set(Valid("detection"), 6, w =>
        {
            w.WriteStartArray(1);
            w.WriteStartArray(6);
            w.WriteUInt32(65_536);
            w.WriteUInt32(1);
            w.WriteUInt32(1);
            w.WriteUInt32(1);
            w.WriteUInt32(1);
            w.WriteTextString("");
            w.WriteEndArray();
            w.WriteEndArray();
        });

        AssertRejected(payload, DecodeError.InvalidField, "boxes[0].x");
    }

    [Theory]
    [InlineData("telemetry", 6UL, 1_001L, "soc_pm")]
    [InlineData("telemetry", 5UL, 70_000L, "battery_mv")]
    [InlineData("telemetry", 7UL, 32_768L, "temperature_cc")]
    [InlineData("telemetry", 7UL, -32_769L, "temperature_cc")]
    [InlineData("telemetry", 14UL, 128L, "rssi_dbm")]
    [InlineData("telemetry", 14UL, -129L, "rssi_dbm")]
    [InlineData("telemetry", 3UL, 4_294_967_296L, "seq")]
    [InlineData("telemetry", 13UL, -1L, "model_version")]
    [InlineData("detection", 5UL, 4L, "detector")]
    [InlineData("status", 5UL, 3L, "state")]
    [InlineData("status", 7UL, 5L, "wake_reason")]
    [InlineData("status", 8UL, 4_294_967_296L, "next_wake_s")]
    [InlineData("desired_config", 4UL, 0L, "wake_interval_s")]
    [InlineData("desired_config", 4UL, 86_401L, "wake_interval_s")]
    [InlineData("desired_config", 5UL, 0L, "telemetry_every")]
    [InlineData("desired_config", 5UL, 1_001L, "telemetry_every")]
    [InlineData("desired_config", 6UL, 10_001L, "score_threshold_pmy")]
    [InlineData("desired_config", 7UL, 4L, "detector")]
    [InlineData("reported_config", 11UL, 3L, "apply_result")]
    [InlineData("ota_offer", 6UL, 0L, "size_bytes")]
    [InlineData("ota_offer", 6UL, 16_777_217L, "size_bytes")]
    [InlineData("ota_offer", 8UL, 0L, "chunk_size")]
    [InlineData("ota_offer", 8UL, 1_025L, "chunk_size")]
    [InlineData("ota_chunk_request", 5UL, 0L, "length")]
    [InlineData("ota_chunk_request", 5UL, 1_025L, "length")]
    [InlineData("ota_result", 4UL, 10L, "code")]
    public void Decode_ValueOutOfRange_ReturnsInvalidFieldNamingKey(string sample, ulong key, long value, string field)
    {
        byte[] payload = CborPatch.Set(Valid(sample), key, w => w.WriteInt64(value));

        AssertRejected(payload, DecodeError.InvalidField, $"key {key} ({field})");
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(10UL)]
    [InlineData(255UL)]
    public void Decode_UnknownMessageType_ReturnsInvalidField(ulong type)
    {
        AssertRejected(CborPatch.Set(Valid("status"), 1, w => w.WriteUInt64(type)), DecodeError.InvalidField,
            "key 1 (message type)");
    }

    [Fact]
    public void Decode_TemperatureAtI16Bounds_IsAccepted()
    {
        foreach (long value in new long[] { short.MinValue, short.MaxValue, -1, 0 })
        {
            byte[] payload = CborPatch.Set(Valid("telemetry"), 7, w => w.WriteInt64(value));
            DecodeResult result = FleetCodec.Decode(payload);
            Assert.True(result.IsSuccess, result.Detail);
            Assert.Equal(value, ((Telemetry)result.Message).TemperatureCc);
        }
    }

    [Fact]
    public void Decode_HugeNegativeInteger_ReturnsInvalidFieldWithoutOverflow()
    {
        AssertRejected(CborPatch.SetRaw(Valid("telemetry"), 7, CborPatch.Hex("3b ffffffffffffffff")),
            DecodeError.InvalidField, "temperature_cc");
    }

    [Theory]
    [InlineData("ota_offer", 7UL, 31, "sha256")]
    [InlineData("ota_offer", 7UL, 33, "sha256")]
    [InlineData("ota_offer", 9UL, 63, "signature")]
    [InlineData("ota_offer", 9UL, 0, "signature")]
    [InlineData("ota_chunk", 5UL, 0, "data")]
    [InlineData("ota_chunk", 5UL, 1_025, "data")]
    public void Decode_ByteStringWrongLength_ReturnsInvalidField(string sample, ulong key, int length, string field)
    {
        byte[] payload = CborPatch.Set(Valid(sample), key, w => w.WriteByteString(new byte[length]));

        AssertRejected(payload, DecodeError.InvalidField, $"key {key} ({field})");
    }

    [Theory]
    [InlineData("telemetry", 3UL, "63 616263", "seq")]                // text where a uint belongs
    [InlineData("telemetry", 11UL, "01", "firmware_version")]          // uint where text belongs
    [InlineData("telemetry", 7UL, "f5", "temperature_cc")]             // bool where an int belongs
    [InlineData("telemetry", 2UL, "46 63616d2d3031", "device id")]     // bytes where text belongs
    [InlineData("desired_config", 10UL, "01", "report_empty")]         // 1 is not true
    [InlineData("desired_config", 10UL, "f6", "report_empty")]         // null
    [InlineData("desired_config", 10UL, "f7", "report_empty")]         // undefined
    [InlineData("ota_chunk", 5UL, "63 616263", "data")]                // text where bytes belong
    [InlineData("detection", 6UL, "a0", "boxes")]                      // map where an array belongs
    [InlineData("detection", 6UL, "81 01", "boxes[0]")]                // a box that is a uint
    [InlineData("status", 0UL, "61 31", "schema version")]             // schema as text
    [InlineData("ota_result", 5UL, "80", "active_model_version")]      // array where a uint belongs
    public void Decode_WrongCborType_ReturnsInvalidField(string sample, ulong key, string hex, string field)
    {
        AssertRejected(CborPatch.SetRaw(Valid(sample), key, CborPatch.Hex(hex)), DecodeError.InvalidField, field);
    }

    [Theory]
    [InlineData("c1 1a 5f5e1000")]    // tag 1 (epoch time)
    [InlineData("f9 3c00")]           // half-precision 1.0
    [InlineData("fa 3f800000")]       // single-precision 1.0
    [InlineData("fb 3ff0000000000000")] // double-precision 1.0
    [InlineData("f8 14")]             // false in two bytes (non-canonical simple value)
    [InlineData("1c")]                // reserved additional information
    [InlineData("ff")]                // stray break
    public void Decode_ForbiddenEncoding_ReturnsMalformed(string hex)
    {
        AssertRejected(CborPatch.SetRaw(Valid("telemetry"), 4, CborPatch.Hex(hex)), DecodeError.Malformed);
    }

    [Theory]
    [InlineData("61 76")]   // text "v"
    [InlineData("20")]      // -1
    [InlineData("f5")]      // true
    public void Decode_MapKeyNotUnsignedInteger_ReturnsInvalidField(string keyHex)
    {
        byte[] payload = [0xA1, .. CborPatch.Hex(keyHex), 0x01];

        AssertRejected(payload, DecodeError.InvalidField, "map key after key -1");
    }

    [Fact]
    public void Decode_NonUnsignedKeyAfterLastKey_ReturnsInvalidField()
    {
        byte[] payload = Valid("ota_result");
        payload[0]++; // one more pair than written ...
        byte[] patched = [.. payload, 0x61, 0x76, 0x00]; // ... with key "v"

        AssertRejected(patched, DecodeError.InvalidField, "map key after key 5");
    }

    [Theory]
    [InlineData("c0 00")]       // tagged key
    [InlineData("f9 0000")]     // float key
    public void Decode_MapKeyTagOrFloat_ReturnsMalformed(string keyHex)
    {
        byte[] payload = [0xA1, .. CborPatch.Hex(keyHex), 0x01];

        AssertRejected(payload, DecodeError.Malformed);
    }

    [Fact]
    public void Decode_WrongTypeAndTruncated_ReturnsMalformed()
    {
        // A text string where seq belongs, cut short: the item is read whole before it is judged, as in C.
        byte[] payload = CborPatch.SetRaw(Valid("ota_result"), 5, CborPatch.Hex("63 6162"));

        AssertRejected(payload, DecodeError.Malformed);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("80")]
    [InlineData("63 616263")]
    [InlineData("c0 a0")]
    [InlineData("f6")]
    public void Decode_TopLevelNotAMap_ReturnsMalformed(string hex)
    {
        AssertRejected(CborPatch.Hex(hex), DecodeError.Malformed);
    }

    [Fact]
    public void Decode_Empty_ReturnsMalformed()
    {
        AssertRejected([], DecodeError.Malformed, "empty");
    }

    [Theory]
    [InlineData(4_097)]
    [InlineData(65_536)]
    public void Decode_LargerThan4096Bytes_ReturnsOversizedUnread(int size)
    {
        // A valid start followed by padding: the size alone decides, the bytes are never parsed.
        byte[] payload = new byte[size];
        Valid("ota_chunk").CopyTo(payload, 0);

        AssertRejected(payload, DecodeError.Oversized, size.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Decode_Exactly4096Bytes_IsParsed()
    {
        byte[] payload = new byte[ProtocolLimits.MaxPayloadBytes];
        Valid("ota_chunk").CopyTo(payload, 0);

        // Parsed (not oversized): the zero padding is trailing bytes.
        AssertRejected(payload, DecodeError.Malformed, "trailing");
    }

    [Fact]
    public void Decode_DoesNotModifyOrKeepInput()
    {
        byte[] payload = Valid("ota_chunk");
        byte[] copy = [.. payload];

        DecodeResult result = FleetCodec.Decode(payload);
        payload.AsSpan().Clear();

        Assert.True(result.IsSuccess);
        Assert.Equal(Samples.Get("ota_chunk"), result.Message);
        Assert.NotEqual(copy, payload);
    }
}
