// SPDX-License-Identifier: MIT
using System.Buffers.Binary;

namespace Fleet.Cascades;

/// <summary>
/// Writes Fleet's FLHC cascade (docs/cascade-format.md, version 1): a 32-byte header with explicit counts and the
/// total size, then 8-byte stage, 20-byte feature and 12-byte rectangle records, all little-endian. Every record
/// carries both the float32 values OpenCV's detector uses and the fixed-point values OpenMV's camera uses
/// (computed with cascade_convert.py's rules), so one file serves both detection modes.
/// </summary>
public static class FleetCascadeWriter
{
    /// <summary>Header magic.</summary>
    public const string Magic = "FLHC";

    /// <summary>The format version this writer produces.</summary>
    public const ushort Version = 1;

    /// <summary>The FLHC bytes.</summary>
    /// <exception cref="CascadeFormatException">A count or value is outside the format's ranges.</exception>
    public static byte[] Write(HaarCascade cascade)
    {
        ArgumentNullException.ThrowIfNull(cascade);
        HaarFeature[] features = cascade.Stages.SelectMany(s => s.Features).ToArray();
        HaarRect[] rects = features.SelectMany(f => f.Rects).ToArray();
        if (cascade.WindowWidth is < 1 or > 64 || cascade.WindowHeight is < 1 or > 64)
        {
            throw new CascadeFormatException("window sides must be 1..64");
        }

        if (cascade.Stages.Count is < 1 or > 1024 || cascade.Stages.Any(s => s.Features.Count is < 1 or > 4095))
        {
            throw new CascadeFormatException("1..1024 stages of 1..4095 features each are supported");
        }

        int size = 32 + (8 * cascade.Stages.Count) + (20 * features.Length) + (12 * rects.Length);
        var bytes = new byte[size];
        Span<byte> b = bytes;
        "FLHC"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt16LittleEndian(b[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(b[6..], 32);
        BinaryPrimitives.WriteUInt16LittleEndian(b[8..], (ushort)cascade.WindowWidth);
        BinaryPrimitives.WriteUInt16LittleEndian(b[10..], (ushort)cascade.WindowHeight);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], (uint)cascade.Stages.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(b[16..], (uint)features.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(b[20..], (uint)rects.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(b[24..], (uint)size);
        int pos = 32;
        foreach (HaarStage s in cascade.Stages)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b[pos..], (ushort)s.Features.Count);
            BinaryPrimitives.WriteInt16LittleEndian(b[(pos + 2)..], FixedPoint.Q(s.Threshold, 256, "stage threshold"));
            BinaryPrimitives.WriteSingleLittleEndian(b[(pos + 4)..], (float)s.Threshold);
            pos += 8;
        }

        foreach (HaarFeature f in features)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b[pos..], (float)f.Threshold);
            BinaryPrimitives.WriteSingleLittleEndian(b[(pos + 4)..], (float)f.Left);
            BinaryPrimitives.WriteSingleLittleEndian(b[(pos + 8)..], (float)f.Right);
            BinaryPrimitives.WriteInt16LittleEndian(b[(pos + 12)..], FixedPoint.Q(f.Threshold, 4096, "node threshold"));
            BinaryPrimitives.WriteInt16LittleEndian(b[(pos + 14)..], FixedPoint.Q(f.Left, 256, "left value"));
            BinaryPrimitives.WriteInt16LittleEndian(b[(pos + 16)..], FixedPoint.Q(f.Right, 256, "right value"));
            b[pos + 18] = (byte)f.Rects.Count;
            b[pos + 19] = 0; // flags: bit 0 would be a tilted feature, which is never written
            pos += 20;
        }

        foreach (HaarRect r in rects)
        {
            b[pos] = (byte)r.X;
            b[pos + 1] = (byte)r.Y;
            b[pos + 2] = (byte)r.Width;
            b[pos + 3] = (byte)r.Height;
            // The camera's integer weight; a fractional weight keeps its float for OpenCV mode and truncates here.
            b[pos + 4] = unchecked((byte)(sbyte)Math.Clamp(Math.Truncate(r.Weight), sbyte.MinValue, sbyte.MaxValue));
            BinaryPrimitives.WriteSingleLittleEndian(b[(pos + 8)..], (float)r.Weight);
            pos += 12;
        }

        return bytes;
    }
}
