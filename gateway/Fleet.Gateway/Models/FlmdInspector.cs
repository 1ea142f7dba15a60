// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Gateway.Models;

/// <summary>
/// Checks a Fleet model (FLMD v1) the way the device loader frames it, from the documented header: magic, version,
/// header size, <c>flash_bytes</c> against the length, the integrity hash over <c>[40, flash_bytes)</c>, flags,
/// id, scheme, layer count, reserved bytes, the section directory (contiguous) and the optional self-test section
/// (flags bit 0: its two lengths and padding end exactly at <c>flash_bytes</c>).
/// Layer contents and the arena formula are the device loader's job; the gateway only needs to trust the header.
/// </summary>
public static class FlmdInspector
{
    public const int HeaderBytes = 128;
    private const int InputOffset = 128;
    private const int InputLength = 36;
    private const int LabelsOffset = 164;
    private const int LayerEntryBytes = 72;

    /// <summary>The header, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static FlmdHeader? TryInspect(ReadOnlySpan<byte> blob, out string error)
    {
        error = "";
        if (blob.Length < HeaderBytes)
        {
            error = $"{blob.Length} bytes is shorter than the 128-byte FLMD header.";
            return null;
        }

        if (!blob[..4].SequenceEqual("FLMD"u8))
        {
            error = "Not a Fleet model: the magic is not \"FLMD\".";
            return null;
        }

        var version = U16(blob, 4);
        if (version != 1)
        {
            error = $"Model format version {version} is not supported (1).";
            return null;
        }

        if (U16(blob, 6) != HeaderBytes)
        {
            error = $"Header size {U16(blob, 6)} is not 128.";
            return null;
        }

        var flash = U32(blob, 40);
        if (flash != (uint)blob.Length)
        {
            error = $"flash_bytes is {flash} but the artifact has {blob.Length} bytes.";
            return null;
        }

        if (!SHA256.HashData(blob[40..]).AsSpan().SequenceEqual(blob[8..40]))
        {
            error = "The model's own SHA-256 (header bytes 8..39, over bytes 40..end) does not match.";
            return null;
        }

        var flags = U32(blob, 44);
        if ((flags & ~SelfTestFlag) != 0)
        {
            error = $"flags 0x{flags:x} has bits other than bit 0 (the self-test section) set; format v1 knows no others.";
            return null;
        }

        var id = ReadId(blob.Slice(48, 32));
        if (id is null)
        {
            error = "model_id must be 1–31 characters of [A-Za-z0-9._-] followed by NUL bytes.";
            return null;
        }

        var scheme = blob[84];
        var layers = blob[85];
        if (scheme is not (1 or 2))
        {
            error = $"scheme {scheme} is neither 1 (q7) nor 2 (s8).";
            return null;
        }

        if (layers is < 1 or > 64)
        {
            error = $"layer_count {layers} is outside 1..64.";
            return null;
        }

        if (U16(blob, 86) != 0 || U32(blob, 92) != 0)
        {
            error = "Reserved header bytes are not zero.";
            return null;
        }

        error = CheckSections(blob, layers, flash, (flags & SelfTestFlag) != 0);
        return error.Length > 0 ? null : new FlmdHeader(id, U32(blob, 80), scheme, layers, U32(blob, 88), flash);
    }

    private static string CheckSections(ReadOnlySpan<byte> blob, byte layers, uint flash, bool selfTest)
    {
        if (U32(blob, 96) != InputOffset || U32(blob, 100) != InputLength)
        {
            return "The input section is not at 128 with length 36.";
        }

        var labelsLength = U32(blob, 108);
        if (U32(blob, 104) != LabelsOffset || labelsLength < 4 || (labelsLength - 4) % 16 != 0)
        {
            return "The labels section is not at 164 with length 4 + 16 x label_count.";
        }

        var layerOffset = (ulong)LabelsOffset + labelsLength;
        if (U32(blob, 112) != layerOffset || U32(blob, 116) != (ulong)LayerEntryBytes * layers)
        {
            return "The layer table does not follow the labels with 72 bytes per layer.";
        }

        var weightOffset = layerOffset + (ulong)LayerEntryBytes * layers;
        var weightLength = U32(blob, 124);
        var weightEnd = weightOffset + weightLength;
        if (U32(blob, 120) != weightOffset || weightLength % 4 != 0 || weightEnd > flash)
        {
            return "The weight section does not follow the layer table within flash_bytes.";
        }

        if (!selfTest)
        {
            return weightEnd == flash ? "" : "The weight section does not end at flash_bytes (and flags bit 0, a self-test section, is clear).";
        }

        // The self-test section: input_len, output_len, then both tensors padded to 4, ending the blob.
        if (flash - weightEnd < 8)
        {
            return "flags bit 0 promises a self-test section, but fewer than 8 bytes follow the weights.";
        }

        var input = (ulong)U32(blob, (int)weightEnd);
        var output = (ulong)U32(blob, (int)weightEnd + 4);
        var length = 8 + Align4(input) + Align4(output);
        return input == 0 || output == 0 || weightEnd + length != flash
            ? $"The self-test section ({input} input and {output} output bytes) does not end exactly at flash_bytes."
            : "";
    }

    private const uint SelfTestFlag = 1;

    private static ulong Align4(ulong n) => (n + 3) & ~3UL;

    private static string? ReadId(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        if (end is < 1 or > 31)
        {
            return null;
        }

        foreach (var b in field[end..])
        {
            if (b != 0)
            {
                return null;
            }
        }

        foreach (var b in field[..end])
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'_' or (byte)'-'))
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(field[..end]);
    }

    private static ushort U16(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(b[offset..]);

    private static uint U32(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(b[offset..]);
}
