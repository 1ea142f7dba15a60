using Fleet.Contracts.Messages;

namespace Fleet.Firmware.Interop.Tests;

/// <summary>Bad payloads come back as a status from the C decoder, never as an exception or a crash.</summary>
public sealed class NativeCodecDecodeErrorTests
{
    public static TheoryData<string> Files => GoldenFixtures.FileNames;

    [Fact]
    public void Decode_Empty_ReturnsFormat()
    {
        NativeDecodeResult result = NativeCodec.Decode([]);

        Assert.False(result.IsSuccess);
        Assert.Null(result.Message);
        Assert.Equal(NativeStatus.Format, result.Status);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Decode_EveryTruncation_ReturnsFormat(string file)
    {
        byte[] golden = GoldenFixtures.ReadFile(file);

        for (int length = 0; length < golden.Length; length++)
        {
            Assert.Equal(NativeStatus.Format, NativeCodec.Decode(golden.AsSpan(0, length)).Status);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Decode_TrailingByte_ReturnsFormat(string file)
    {
        byte[] payload = [.. GoldenFixtures.ReadFile(file), 0x00];

        Assert.Equal(NativeStatus.Format, NativeCodec.Decode(payload).Status);
    }

    [Fact]
    public void Decode_SchemaVersion2_ReturnsUnsupported()
    {
        byte[] payload = GoldenFixtures.ReadFile("09_ota_result.cbor");
        Assert.Equal(0x01, payload[2]); // map head, key 0, then the schema version
        payload[2] = 0x02;

        Assert.Equal(NativeStatus.Unsupported, NativeCodec.Decode(payload).Status);
    }

    [Fact]
    public void Decode_OtherTypeThanExpected_ReturnsMismatch()
    {
        byte[] payload = GoldenFixtures.ReadFile("02_telemetry.cbor");

        Assert.Equal(NativeStatus.Mismatch, NativeCodec.Decode(payload, MessageType.Detection).Status);
        Assert.True(NativeCodec.Decode(payload, MessageType.Telemetry).IsSuccess);
    }

    [Fact]
    public void Decode_Oversized_ReturnsFormat()
    {
        byte[] payload = new byte[NativeCodec.MaxPayloadBytes + 1];
        GoldenFixtures.ReadFile("01_detection.cbor").CopyTo(payload, 0);

        Assert.Equal(NativeStatus.Format, NativeCodec.Decode(payload).Status);
    }

    [Fact]
    public void Decode_RandomGarbage_NeverThrowsAndOnlyAcceptsWhatReencodesIdentically()
    {
        var random = new Random(20251124); // fixed seed: the same inputs on every run
        for (int i = 0; i < 20000; i++)
        {
            byte[] payload = new byte[random.Next(0, 80)];
            random.NextBytes(payload);
            if (payload.Length > 0 && i % 2 == 0)
            {
                payload[0] = (byte)(0xA0 | random.Next(0, 16)); // a small map head reaches deeper code
            }

            NativeDecodeResult result = NativeCodec.Decode(payload);

            if (result.IsSuccess)
            {
                Assert.Equal(payload, NativeCodec.Encode(result.Message!));
            }
            else
            {
                Assert.Null(result.Message);
                Assert.True(result.Status < 0);
            }
        }
    }

    [Fact]
    public void Decode_MutatedGoldenFiles_NeverThrow()
    {
        var random = new Random(7);
        foreach (string file in GoldenFixtures.ByFile.Keys)
        {
            byte[] golden = GoldenFixtures.ReadFile(file);
            for (int i = 0; i < 2000; i++)
            {
                byte[] payload = (byte[])golden.Clone();
                payload[random.Next(payload.Length)] = (byte)random.Next(256);

                NativeDecodeResult result = NativeCodec.Decode(payload);

                Assert.Equal(result.IsSuccess, result.Message is not null);
            }
        }
    }
}
