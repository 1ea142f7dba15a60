// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using Fleet.Gateway.Models;

namespace Fleet.Gateway.Tests.Models;

/// <summary>
/// The optional self-test section (docs/model-format.md, flags bit 0) that <c>fleet-model convert</c> always writes
/// and the device's slots require before activating a model: the gateway must accept it, framed exactly.
/// </summary>
public sealed class FlmdSelfTestSectionTests
{
    [Fact]
    public void Model_with_a_self_test_section_is_accepted()
    {
        var blob = WithSelfTest(TestModels.Build("smile", 1), input: 12, output: 2);

        var header = FlmdInspector.TryInspect(blob, out var error);

        Assert.True(header is not null, error);
        Assert.Equal((uint)blob.Length, header.FlashBytes);
    }

    [Fact]
    public void Other_flag_bits_are_refused()
    {
        var blob = Rehash(TestModels.Build("smile", 1), b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(44), 2));

        Assert.Null(FlmdInspector.TryInspect(blob, out var error));
        Assert.Contains("bits other than bit 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Flag_without_room_for_the_section_is_refused()
    {
        var blob = Rehash(TestModels.Build("smile", 1), b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(44), 1));

        Assert.Null(FlmdInspector.TryInspect(blob, out var error));
        Assert.Contains("fewer than 8 bytes", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13, 2)] // claims one input byte more than the section holds after padding
    [InlineData(12, 6)]
    public void Section_lengths_that_do_not_end_the_blob_are_refused(uint claimedInput, uint claimedOutput)
    {
        var blob = WithSelfTest(TestModels.Build("smile", 1), input: 12, output: 2);
        var weightEnd = (int)(BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(120)) + BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(124)));
        blob = Rehash(blob, b =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(weightEnd), claimedInput);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(weightEnd + 4), claimedOutput);
        });

        Assert.Null(FlmdInspector.TryInspect(blob, out var error));
        Assert.Contains("does not end exactly at flash_bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_the_weights_without_the_flag_are_refused()
    {
        var plain = TestModels.Build("smile", 1);
        var blob = Rehash([.. plain, 0, 0, 0, 0], b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(40), (uint)b.Length));

        Assert.Null(FlmdInspector.TryInspect(blob, out var error));
        Assert.Contains("does not end at flash_bytes", error, StringComparison.Ordinal);
    }

    /// <summary>Appends a section of <paramref name="input"/> and <paramref name="output"/> bytes and sets flags bit 0.</summary>
    private static byte[] WithSelfTest(byte[] plain, int input, int output)
    {
        var section = new byte[8 + Align4(input) + Align4(output)];
        BinaryPrimitives.WriteUInt32LittleEndian(section, (uint)input);
        BinaryPrimitives.WriteUInt32LittleEndian(section.AsSpan(4), (uint)output);
        new Random(3).NextBytes(section.AsSpan(8, input));
        byte[] blob = [.. plain, .. section];
        return Rehash(blob, b =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(40), (uint)b.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(44), 1);
        });
    }

    private static byte[] Rehash(byte[] blob, Action<byte[]> change)
    {
        change(blob);
        SHA256.HashData(blob.AsSpan(40)).CopyTo(blob, 8);
        return blob;
    }

    private static int Align4(int n) => (n + 3) & ~3;
}
