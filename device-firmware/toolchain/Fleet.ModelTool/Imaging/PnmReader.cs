// SPDX-License-Identifier: MIT
using System.Text;

namespace Fleet.ModelTool.Imaging;

/// <summary>
/// Reads binary PGM (P5) and PPM (P6) with maxval 255: the header is magic, width, height, maxval separated by
/// whitespace, with '#' comments running to the end of a line, then exactly one whitespace byte and the raw
/// samples. Anything else (ASCII P2/P3, 16-bit samples, short data) is a <see cref="ModelToolException"/>
/// naming the file and the problem.
/// </summary>
public static class PnmReader
{
    private const int MaxSide = 32767; // the C image struct's limit

    public static PnmImage ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"image '{path}': {Describe(ex)}", ex);
        }

        try
        {
            return Parse(bytes);
        }
        catch (FormatException ex)
        {
            throw new ModelToolException($"image '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Parses a P5/P6 image; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static PnmImage Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != 'P' || (data[1] != '5' && data[1] != '6'))
        {
            string magic = data.Length >= 2 ? Encoding.ASCII.GetString(data[..2]) : "";
            throw new FormatException(magic is "P2" or "P3" or "P1" or "P4"
                ? $"{magic} is not supported (binary P5 or P6 only)"
                : "not a PGM/PPM file (expected magic P5 or P6)");
        }

        int channels = data[1] == '5' ? 1 : 3;
        int pos = 2;
        int width = ReadHeaderInt(data, ref pos, "width");
        int height = ReadHeaderInt(data, ref pos, "height");
        int maxval = ReadHeaderInt(data, ref pos, "maxval");
        if (width < 1 || height < 1 || width > MaxSide || height > MaxSide)
        {
            throw new FormatException($"size {width}x{height} is out of range (1..{MaxSide})");
        }

        if (maxval != 255)
        {
            throw new FormatException($"maxval {maxval} is not supported (only 255)");
        }

        if (pos >= data.Length || !IsSpace(data[pos]))
        {
            throw new FormatException("missing whitespace after the header");
        }

        pos++;
        long need = (long)width * height * channels;
        long have = data.Length - pos;
        if (have < need)
        {
            throw new FormatException($"truncated pixel data ({have} of {need} bytes)");
        }

        return new PnmImage(width, height, channels, data.Slice(pos, (int)need).ToArray());
    }

    private static int ReadHeaderInt(ReadOnlySpan<byte> data, ref int pos, string field)
    {
        while (pos < data.Length)
        {
            if (data[pos] == '#')
            {
                while (pos < data.Length && data[pos] != '\n' && data[pos] != '\r')
                {
                    pos++;
                }
            }
            else if (IsSpace(data[pos]))
            {
                pos++;
            }
            else
            {
                break;
            }
        }

        long value = 0;
        int digits = 0;
        while (pos < data.Length && data[pos] >= '0' && data[pos] <= '9')
        {
            value = Math.Min(value * 10 + (data[pos] - '0'), int.MaxValue);
            pos++;
            digits++;
        }

        if (digits == 0)
        {
            throw new FormatException($"bad or missing {field} in the header");
        }

        return (int)value;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0b or 0x0c;

    internal static string Describe(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "file not found",
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };
}
