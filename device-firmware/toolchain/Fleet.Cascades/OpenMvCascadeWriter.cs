// SPDX-License-Identifier: MIT
using System.Buffers.Binary;

namespace Fleet.Cascades;

/// <summary>
/// Writes OpenMV firmware 3.0's binary <c>.cascade</c> (openmv-nn-and-haar.md §7.1), byte for byte what
/// <c>ml/haarcascade/cascade_convert.py</c> writes: packed little-endian i32 window_w, window_h, n_stages; u8 features
/// per stage; i16 int(stage_threshold·256); i16 int(node_threshold·4096); i16 int(left·256); i16 int(right·256);
/// u8 rectangles per feature; i8 weights; u8 x, y, w, h. Unlike the Python tool, truncating a new-format cascade
/// truncates the stage list as well (the tool wrote an inconsistent file there).
/// </summary>
public static class OpenMvCascadeWriter
{
    /// <summary>The .cascade bytes.</summary>
    /// <exception cref="CascadeFormatException">A stage has more than 255 features, or a value does not fit.</exception>
    public static byte[] Write(HaarCascade cascade)
    {
        ArgumentNullException.ThrowIfNull(cascade);
        HaarFeature[] features = cascade.Stages.SelectMany(s => s.Features).ToArray();
        HaarRect[] rects = features.SelectMany(f => f.Rects).ToArray();
        var bytes = new byte[12 + (3 * cascade.Stages.Count) + (7 * features.Length) + (5 * rects.Length)];
        int pos = 0;

        void I32(int v)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(pos), v);
            pos += 4;
        }

        void I16(short v)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(pos), v);
            pos += 2;
        }

        I32(cascade.WindowWidth);
        I32(cascade.WindowHeight);
        I32(cascade.Stages.Count);
        foreach (HaarStage s in cascade.Stages)
        {
            bytes[pos++] = s.Features.Count <= byte.MaxValue
                ? (byte)s.Features.Count
                : throw new CascadeFormatException($"a stage with {s.Features.Count} features does not fit the u8 count");
        }

        foreach (HaarStage s in cascade.Stages)
        {
            I16(FixedPoint.Q(s.Threshold, 256, "stage threshold"));
        }

        foreach (HaarFeature f in features)
        {
            I16(FixedPoint.Q(f.Threshold, 4096, "node threshold"));
        }

        foreach (HaarFeature f in features)
        {
            I16(FixedPoint.Q(f.Left, 256, "left value"));
        }

        foreach (HaarFeature f in features)
        {
            I16(FixedPoint.Q(f.Right, 256, "right value"));
        }

        foreach (HaarFeature f in features)
        {
            bytes[pos++] = (byte)f.Rects.Count;
        }

        foreach (HaarRect r in rects)
        {
            bytes[pos++] = unchecked((byte)FixedPoint.Weight(r.Weight));
        }

        foreach (HaarRect r in rects)
        {
            bytes[pos++] = (byte)r.X;
            bytes[pos++] = (byte)r.Y;
            bytes[pos++] = (byte)r.Width;
            bytes[pos++] = (byte)r.Height;
        }

        return bytes;
    }
}
