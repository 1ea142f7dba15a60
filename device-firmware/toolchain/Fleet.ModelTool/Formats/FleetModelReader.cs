// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Text;
using Fleet.Firmware.Interop.Nn;

namespace Fleet.ModelTool.Formats;

/// <summary>
/// Reads a Fleet v1 file back into a <see cref="FleetModelSpec"/> (the layer details the C API keeps private).
/// It validates nothing beyond staying inside the blob (<see cref="FormatException"/> otherwise): run the C
/// loader first, which is the judge of validity. Writing the result again gives the same bytes for any valid
/// file, because v1 has exactly one encoding per model.
/// </summary>
public static class FleetModelReader
{
    public static FleetModelSpec Read(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < FleetModelWriter.HeaderBytes || !blob.StartsWith("FLMD"u8))
        {
            throw new FormatException("not a Fleet model (no FLMD header)");
        }

        var scheme = (FleetModelScheme)blob[84];
        int layerCount = blob[85];
        string id = Ascii(blob.Slice(48, 32));
        uint version = U32(blob, 80);
        ReadOnlySpan<byte> inSec = Section(blob, 96);
        ReadOnlySpan<byte> labSec = Section(blob, 104);
        ReadOnlySpan<byte> laySec = Section(blob, 112);
        ReadOnlySpan<byte> wSec = Section(blob, 120);
        if (inSec.Length < FleetModelWriter.InputSectionBytes || labSec.Length < 4 ||
            laySec.Length < FleetModelWriter.LayerRecordBytes * layerCount)
        {
            throw new FormatException("section shorter than its contents");
        }

        var input = new FleetInputSpec(U16(inSec, 0), U16(inSec, 2), U16(inSec, 4), (NetworkResize)inSec[7],
            [inSec[8], inSec[9], inSec[10]], [inSec[12], inSec[13], inSec[14]],
            [F32(inSec, 16), F32(inSec, 20), F32(inSec, 24)], F32(inSec, 28), (sbyte)inSec[32],
            Tensor: inSec[6] == (byte)FleetModelColour.Tensor);

        int labelCount = U16(labSec, 0);
        if (labSec.Length < 4 + (FleetModelWriter.LabelSlotBytes * labelCount))
        {
            throw new FormatException("labels section shorter than its label count");
        }

        var labels = new string[labelCount];
        for (int i = 0; i < labelCount; i++)
        {
            labels[i] = Ascii(labSec.Slice(4 + (FleetModelWriter.LabelSlotBytes * i), FleetModelWriter.LabelSlotBytes));
        }

        var layers = new FleetLayerSpec[layerCount];
        for (int i = 0; i < layerCount; i++)
        {
            ReadOnlySpan<byte> r = laySec.Slice(FleetModelWriter.LayerRecordBytes * i, FleetModelWriter.LayerRecordBytes);
            bool q7 = scheme == FleetModelScheme.Q7;
            byte[]? mult = Tensor(wSec, r, 56), shifts = Tensor(wSec, r, 64);
            layers[i] = new FleetLayerSpec((FleetLayerOp)r[0], U16(r, 10), U16(r, 12), U16(r, 14),
                KernelH: r[16], KernelW: r[17], StrideH: r[18], StrideW: r[19], PadH: r[20], PadW: r[21],
                ChannelMultiplier: r[22],
                BiasLShift: q7 ? r[24] : 0, OutRShift: q7 ? r[25] : 0, Rounding: q7 ? r[26] : 0, FracBits: q7 ? r[27] : 0,
                InputZeroPoint: q7 ? (sbyte)0 : (sbyte)r[24], OutputZeroPoint: q7 ? (sbyte)0 : (sbyte)r[25],
                ActMin: q7 ? (sbyte)0 : (sbyte)r[26], ActMax: q7 ? (sbyte)0 : (sbyte)r[27],
                SoftmaxMultiplier: q7 ? 0 : BinaryPrimitives.ReadInt32LittleEndian(r[28..]),
                SoftmaxShift: q7 ? 0 : BinaryPrimitives.ReadInt32LittleEndian(r[32..]),
                SoftmaxDiffMin: q7 ? 0 : BinaryPrimitives.ReadInt32LittleEndian(r[36..]),
                Weights: Tensor(wSec, r, 40), Bias: Tensor(wSec, r, 48), Multipliers: Int32s(mult), Shifts: Int32s(shifts));
        }

        return new FleetModelSpec(scheme, id, version, input, labels, layers);
    }

    /// <summary>The input shape [h, w, c] of each layer: the input spec's, then each previous layer's output.</summary>
    public static IReadOnlyList<(int H, int W, int C)> InputShapes(FleetModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var shapes = new List<(int, int, int)>(spec.Layers.Count);
        var cur = (spec.Input.Height, spec.Input.Width, spec.Input.Channels);
        foreach (FleetLayerSpec l in spec.Layers)
        {
            shapes.Add(cur);
            cur = (l.OutHeight, l.OutWidth, l.OutChannels);
        }

        return shapes;
    }

    private static ReadOnlySpan<byte> Section(ReadOnlySpan<byte> blob, int dirOffset)
    {
        uint off = U32(blob, dirOffset), len = U32(blob, dirOffset + 4);
        if (off > (uint)blob.Length || len > (uint)blob.Length - off)
        {
            throw new FormatException($"section at header byte {dirOffset} lies outside the blob");
        }

        return blob.Slice((int)off, (int)len);
    }

    private static byte[]? Tensor(ReadOnlySpan<byte> weights, ReadOnlySpan<byte> record, int at)
    {
        uint off = U32(record, at), len = U32(record, at + 4);
        if (len == 0)
        {
            return null;
        }

        if (off > (uint)weights.Length || len > (uint)weights.Length - off)
        {
            throw new FormatException($"tensor at record byte {at} lies outside the weight section");
        }

        return weights.Slice((int)off, (int)len).ToArray();
    }

    private static int[]? Int32s(byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }

        var v = new int[bytes.Length / 4];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * i));
        }

        return v;
    }

    private static string Ascii(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? field : field[..end]);
    }

    private static ushort U16(ReadOnlySpan<byte> b, int off) => BinaryPrimitives.ReadUInt16LittleEndian(b[off..]);

    private static uint U32(ReadOnlySpan<byte> b, int off) => BinaryPrimitives.ReadUInt32LittleEndian(b[off..]);

    private static float F32(ReadOnlySpan<byte> b, int off) => BinaryPrimitives.ReadSingleLittleEndian(b[off..]);
}
