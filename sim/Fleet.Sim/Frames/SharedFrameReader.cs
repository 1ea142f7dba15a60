// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Text;

namespace Fleet.Sim.Frames;

/// <summary>Readers for the reference data's file formats: binary PGM (P5) photos and IDX image/label files.</summary>
internal static class SharedFrameReader
{
    /// <summary>An 8-bit binary PGM. Throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static CameraFrame ReadPgm(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int pos = 0;
        string magic = Token(bytes, ref pos);
        int width = int.Parse(Token(bytes, ref pos), System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(Token(bytes, ref pos), System.Globalization.CultureInfo.InvariantCulture);
        int max = int.Parse(Token(bytes, ref pos), System.Globalization.CultureInfo.InvariantCulture);
        pos++; // the single whitespace byte before the raster
        if (magic != "P5" || max is < 1 or > 255 || width < 1 || height < 1 || bytes.Length - pos < width * height)
        {
            throw new InvalidDataException($"{path}: not an 8-bit binary PGM");
        }

        return new CameraFrame(bytes.AsSpan(pos, width * height).ToArray(), width, height, Path.GetFileName(path), null);
    }

    /// <summary>An IDX3 file of unsigned bytes (count × rows × cols).</summary>
    public static (byte[][] Images, int Rows, int Cols) ReadIdxImages(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 16 || BinaryPrimitives.ReadInt32BigEndian(bytes) != 0x0803)
        {
            throw new InvalidDataException($"{path}: not an IDX3 ubyte file");
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        int cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (count < 0 || rows < 1 || cols < 1 || bytes.Length < 16 + ((long)count * rows * cols))
        {
            throw new InvalidDataException($"{path}: truncated IDX3 file");
        }

        var images = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            images[i] = bytes.AsSpan(16 + (i * rows * cols), rows * cols).ToArray();
        }

        return (images, rows, cols);
    }

    /// <summary>An IDX1 file of unsigned bytes.</summary>
    public static byte[] ReadIdxLabels(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 || BinaryPrimitives.ReadInt32BigEndian(bytes) != 0x0801)
        {
            throw new InvalidDataException($"{path}: not an IDX1 ubyte file");
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        return count >= 0 && bytes.Length >= 8 + count
            ? bytes.AsSpan(8, count).ToArray()
            : throw new InvalidDataException($"{path}: truncated IDX1 file");
    }

    private static string Token(byte[] bytes, ref int pos)
    {
        while (pos < bytes.Length)
        {
            if (bytes[pos] == '#')
            {
                while (pos < bytes.Length && bytes[pos] != '\n')
                {
                    pos++;
                }
            }
            else if (char.IsWhiteSpace((char)bytes[pos]))
            {
                pos++;
            }
            else
            {
                break;
            }
        }

        int start = pos;
        while (pos < bytes.Length && !char.IsWhiteSpace((char)bytes[pos]))
        {
            pos++;
        }

        return Encoding.ASCII.GetString(bytes, start, pos - start);
    }
}
