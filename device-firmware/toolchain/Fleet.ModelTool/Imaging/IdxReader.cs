// SPDX-License-Identifier: MIT
using System.Buffers.Binary;

namespace Fleet.ModelTool.Imaging;

/// <summary>
/// Reads IDX files (LeCun's MNIST format): bytes 0-1 zero, byte 2 the element type (only 0x08 = unsigned byte
/// is accepted), byte 3 the number of dimensions, then one big-endian u32 per dimension, then the data, which
/// must be exactly the product of the dimensions.
/// </summary>
public static class IdxReader
{
    public static IdxArray ReadFile(string path, int expectedDims, string role)
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
            IdxArray a = Parse(bytes);
            if (a.Dims.Count != expectedDims)
            {
                throw new FormatException($"has {a.Dims.Count} dimensions, expected {expectedDims}");
            }

            return a;
        }
        catch (FormatException ex)
        {
            throw new ModelToolException($"{role} '{path}': {ex.Message}", ex);
        }
    }

    public static IdxArray Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0 || data[1] != 0)
        {
            throw new FormatException("not an IDX file (bad magic)");
        }

        if (data[2] != 0x08)
        {
            throw new FormatException($"element type 0x{data[2]:x2} is not supported (only 0x08 unsigned byte)");
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
            if (total > int.MaxValue)
            {
                throw new FormatException("more data than this reader supports (2 GiB)");
            }
        }

        long have = data.Length - 4 - 4 * n;
        if (have != total)
        {
            throw new FormatException(have < total
                ? $"truncated data ({have} of {total} bytes)"
                : $"{have - total} trailing bytes after the data");
        }

        return new IdxArray(dims, data[(4 + 4 * n)..].ToArray());
    }
}
