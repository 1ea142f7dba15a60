// SPDX-License-Identifier: MIT
using System.Buffers.Binary;

namespace Fleet.ModelTool.Imaging;

/// <summary>
/// Reads IDX files (LeCun's MNIST format): bytes 0-1 zero, byte 2 the element type (0x08 = unsigned byte, or
/// 0x0D = big-endian float32 for tensors that are not pictures), byte 3 the number of dimensions, then one
/// big-endian u32 per dimension, then the data, which must be exactly the product of the dimensions.
/// </summary>
public static class IdxReader
{
    public static IdxArray ReadFile(string path, int expectedDims, string role) =>
        Read(path, expectedDims, role, b => Parse(b), a => a.Dims.Count);

    /// <summary>Element type byte for unsigned bytes.</summary>
    public const byte UnsignedByte = 0x08;

    /// <summary>Element type byte for big-endian IEEE float32.</summary>
    public const byte Float32 = 0x0D;

    /// <summary>The element type byte of a file (0x08, 0x0D, ...), read from its header only.</summary>
    public static byte ElementTypeOf(string path, string role)
    {
        try
        {
            using FileStream f = File.OpenRead(path);
            Span<byte> head = stackalloc byte[4];
            if (f.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || head[0] != 0 || head[1] != 0)
            {
                throw new ModelToolException($"{role} '{path}': not an IDX file (bad magic)");
            }

            return head[2];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"{role} '{path}': {PnmReader.Describe(ex)}", ex);
        }
    }

    /// <summary>A float32 IDX file with <paramref name="expectedDims"/> dimensions; NaN or infinite values are refused.</summary>
    public static IdxFloatArray ReadFloatFile(string path, int expectedDims, string role) =>
        Read(path, expectedDims, role, b => ParseFloat(b), a => a.Dims.Count);

    // File errors and format errors both name the role and the path, in one line.
    private static T Read<T>(string path, int expectedDims, string role, Func<byte[], T> parse, Func<T, int> dims)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"{role} '{path}': {PnmReader.Describe(ex)}", ex);
        }

        try
        {
            T a = parse(bytes);
            if (dims(a) != expectedDims)
            {
                throw new FormatException($"has {dims(a)} dimensions, expected {expectedDims}");
            }

            return a;
        }
        catch (FormatException ex)
        {
            throw new ModelToolException($"{role} '{path}': {ex.Message}", ex);
        }
    }

    public static IdxFloatArray ParseFloat(ReadOnlySpan<byte> data)
    {
        (int[] dims, long total, int header) = ParseHeader(data, Float32, 4);
        var values = new float[total];
        ReadOnlySpan<byte> body = data[header..];
        for (long i = 0; i < total; i++)
        {
            float v = BinaryPrimitives.ReadSingleBigEndian(body[(int)(4 * i)..]);
            if (!float.IsFinite(v))
            {
                throw new FormatException($"element {i} is {v} (only finite values are accepted)");
            }

            values[i] = v;
        }

        return new IdxFloatArray(dims, values);
    }

    public static IdxArray Parse(ReadOnlySpan<byte> data)
    {
        (int[] dims, _, int header) = ParseHeader(data, UnsignedByte, 1);
        return new IdxArray(dims, data[header..].ToArray());
    }

    private static (int[] Dims, long Total, int HeaderBytes) ParseHeader(ReadOnlySpan<byte> data, byte type, int elementBytes)
    {
        if (data.Length < 4 || data[0] != 0 || data[1] != 0)
        {
            throw new FormatException("not an IDX file (bad magic)");
        }

        if (data[2] != type)
        {
            throw new FormatException(type == UnsignedByte
                ? $"element type 0x{data[2]:x2} is not supported here (expected 0x08 unsigned byte)"
                : $"element type 0x{data[2]:x2} is not supported here (expected 0x0d float32)");
        }

        int n = data[3];
        if (n < 1)
        {
            throw new FormatException("zero dimensions");
        }

        if (data.Length < 4 + 4 * n)
        {
            throw new FormatException("truncated header");
        }

        var dims = new int[n];
        long total = 1;
        for (int i = 0; i < n; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(data[(4 + 4 * i)..]);
            if (d > int.MaxValue)
            {
                throw new FormatException($"dimension {i} is {d}");
            }

            dims[i] = (int)d;
            total *= d;
            if (total * elementBytes > int.MaxValue)
            {
                throw new FormatException("more data than this reader supports (2 GiB)");
            }
        }

        long have = data.Length - 4 - 4 * n;
        long want = total * elementBytes;
        if (have != want)
        {
            throw new FormatException(have < want
                ? $"truncated data ({have} of {want} bytes)"
                : $"{have - want} trailing bytes after the data");
        }

        return (dims, total, 4 + 4 * n);
    }
}
