using System.Formats.Cbor;
using Fleet.Contracts.Messages;

namespace Fleet.Firmware.Interop.Tests;

/// <summary>The C codec against tests/golden/protocol/, with the fixtures built as C# records.</summary>
public sealed class NativeCodecGoldenTests
{
    public static TheoryData<string> Files => GoldenFixtures.FileNames;

    [Theory]
    [MemberData(nameof(Files))]
    public void Encode_GoldenFixture_EqualsGoldenFile(string file)
    {
        byte[] encoded = NativeCodec.Encode(GoldenFixtures.ByFile[file]);

        Assert.Equal(Convert.ToHexString(GoldenFixtures.ReadFile(file)), Convert.ToHexString(encoded));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Decode_GoldenFile_EqualsGoldenFixture(string file)
    {
        FleetMessage expected = GoldenFixtures.ByFile[file];

        NativeDecodeResult result = NativeCodec.Decode(GoldenFixtures.ReadFile(file), expected.Type);

        Assert.True(result.IsSuccess, $"status {result.Status}");
        Assert.Equal(expected, result.Message);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void DecodeThenEncode_GoldenFile_IsByteIdentical(string file)
    {
        byte[] golden = GoldenFixtures.ReadFile(file);

        NativeDecodeResult result = NativeCodec.Decode(golden);

        Assert.Equal(golden, NativeCodec.Encode(result.Message!));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void GoldenFile_IsCanonicalCborToAnIndependentReader(string file)
    {
        // System.Formats.Cbor's Canonical mode enforces shortest forms, definite lengths and sorted unique keys.
        var reader = new CborReader(GoldenFixtures.ReadFile(file), CborConformanceMode.Canonical);

        reader.SkipValue();

        Assert.Equal(0, reader.BytesRemaining);
    }

    [Fact]
    public void GoldenDirectory_HasExactlyTheKnownFixtures()
    {
        string[] onDisk = [.. Directory.GetFiles(GoldenFixtures.Directory, "*.cbor").Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!];

        Assert.Equal(GoldenFixtures.ByFile.Keys.Order(StringComparer.Ordinal), onDisk);
    }
}
