// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Fleet.Firmware.Interop.Nn;

namespace Fleet.ModelTool.Formats;

/// <summary>
/// Writes Fleet model format v1 files byte for byte as docs/model-format.md lays them out: header, input spec,
/// labels, layer table, weight section with canonical 4-aligned packing in record order, zero padding and
/// reserved bytes, arena_bytes from the spec's formula, flash_bytes = the length, and the SHA-256 of bytes
/// [40, end), optionally followed by the self-test section. The figures are derived here from the spec, independently of the C loader, so a load of what this
/// writes checks both. It checks only what the encoding itself needs (field widths, id and label characters,
/// counts, the 16 MiB limit) and throws <see cref="ArgumentException"/>; the semantic rules (shape chaining, the
/// window rule, tensor lengths, zero points) are the loader's to judge.
/// </summary>
public static class FleetModelWriter
{
    public const int HeaderBytes = 128;
    public const int InputSectionBytes = 36;
    public const int LayerRecordBytes = 72;
    public const int LabelSlotBytes = 16;
    public const int PlanBytesPerLayer = 96;
    public const int MaxLayers = 64;
    public const int MaxLabels = 1024;
    public const int MaxFlashBytes = 1 << 24;

    /// <summary>Header flag (byte 44) bit 0: a self-test section follows the weight section.</summary>
    public const uint FlagSelfTest = 1;

    /// <summary>The complete file, without a self-test section (flags 0).</summary>
    public static byte[] Write(FleetModelSpec spec) => Write(spec, null, null);

    /// <summary>
    /// The complete file with a self-test section (flags bit 0, docs/model-format.md "Self-test section"): the
    /// input tensor (h·w·c bytes) and the output the model must produce for it (one byte per output), each padded
    /// to 4 with zeros after u32 lengths, placed after the weights and covered by the hash. The device runs it
    /// before it activates the model (docs/model-slots.md).
    /// </summary>
    public static byte[] Write(FleetModelSpec spec, ReadOnlySpan<sbyte> selfTestInput, ReadOnlySpan<sbyte> selfTestExpected)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Write(spec, selfTestInput.ToArray(), selfTestExpected.ToArray());
    }

    private static byte[] Write(FleetModelSpec spec, sbyte[]? selfTestInput, sbyte[]? selfTestExpected)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CheckIdentity(spec);
        int labelsLen = 4 + (LabelSlotBytes * spec.Labels.Count);
        int layersLen = LayerRecordBytes * spec.Layers.Count;
        int offInput = HeaderBytes, offLabels = offInput + InputSectionBytes;
        int offLayers = offLabels + labelsLen, offWeights = offLayers + layersLen;

        // Tensor placement first: the record needs each offset, the header the section length.
        var weights = new List<(int Offset, byte[] Data)>();
        var tensorRefs = new (int Off, int Len)[spec.Layers.Count, 4];
        long wlen = 0;
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            FleetLayerSpec l = spec.Layers[i];
            byte[]?[] tensors = [l.Weights, l.Bias, Int32Bytes(l.Multipliers), Int32Bytes(l.Shifts)];
            for (int t = 0; t < 4; t++)
            {
                byte[]? data = tensors[t];
                if (data is null || data.Length == 0)
                {
                    continue;
                }

                tensorRefs[i, t] = ((int)wlen, data.Length);
                weights.Add(((int)wlen, data));
                wlen = Align4(wlen + data.Length);
                if (wlen > MaxFlashBytes)
                {
                    throw new ArgumentException($"the weights exceed the format's {MaxFlashBytes}-byte limit");
                }
            }
        }

        long offSelfTest = offWeights + wlen;
        long selfTestLen = 0;
        if (selfTestInput is not null && selfTestExpected is not null)
        {
            long inElems = (long)spec.Input.Height * spec.Input.Width * spec.Input.Channels;
            if (selfTestInput.Length != inElems || selfTestExpected.Length != spec.Labels.Count)
            {
                throw new ArgumentException(
                    $"self-test vector: input {selfTestInput.Length} bytes for a {inElems}-element input, " +
                    $"expected output {selfTestExpected.Length} bytes for {spec.Labels.Count} outputs");
            }

            selfTestLen = 8 + Align4(selfTestInput.Length) + Align4(selfTestExpected.Length);
        }

        long total = offSelfTest + selfTestLen;
        if (total > MaxFlashBytes)
        {
            throw new ArgumentException($"the model is {total} bytes; v1 allows at most {MaxFlashBytes}");
        }

        var blob = new byte[total];
        Span<byte> b = blob;
        "FLMD"u8.CopyTo(b);
        U16(b, 4, 1);
        U16(b, 6, HeaderBytes);
        U32(b, 40, (uint)total);
        U32(b, 44, selfTestLen > 0 ? FlagSelfTest : 0);
        Encoding.ASCII.GetBytes(spec.ModelId, b.Slice(48, 32));
        U32(b, 80, spec.ModelVersion);
        b[84] = (byte)spec.Scheme;
        b[85] = (byte)spec.Layers.Count;
        U32(b, 88, checked((uint)ArenaBytes(spec)));
        U32(b, 96, (uint)offInput);
        U32(b, 100, InputSectionBytes);
        U32(b, 104, (uint)offLabels);
        U32(b, 108, (uint)labelsLen);
        U32(b, 112, (uint)offLayers);
        U32(b, 116, (uint)layersLen);
        U32(b, 120, (uint)offWeights);
        U32(b, 124, (uint)wlen);

        WriteInput(b.Slice(offInput, InputSectionBytes), spec.Input);

        U16(b, offLabels, (ushort)spec.Labels.Count);
        for (int i = 0; i < spec.Labels.Count; i++)
        {
            Encoding.ASCII.GetBytes(spec.Labels[i], b.Slice(offLabels + 4 + (LabelSlotBytes * i), LabelSlotBytes));
        }

        var inShape = (spec.Input.Height, spec.Input.Width, spec.Input.Channels);
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            FleetLayerSpec l = spec.Layers[i];
            Span<byte> r = b.Slice(offLayers + (LayerRecordBytes * i), LayerRecordBytes);
            r[0] = (byte)l.Op;
            U16(r, 4, Field16(inShape.Height, i, "in_h"));
            U16(r, 6, Field16(inShape.Width, i, "in_w"));
            U16(r, 8, Field16(inShape.Channels, i, "in_c"));
            U16(r, 10, Field16(l.OutHeight, i, "out_h"));
            U16(r, 12, Field16(l.OutWidth, i, "out_w"));
            U16(r, 14, Field16(l.OutChannels, i, "out_c"));
            r[16] = Field8(l.KernelH, i, "kernel_h");
            r[17] = Field8(l.KernelW, i, "kernel_w");
            r[18] = Field8(l.StrideH, i, "stride_h");
            r[19] = Field8(l.StrideW, i, "stride_w");
            r[20] = Field8(l.PadH, i, "pad_h");
            r[21] = Field8(l.PadW, i, "pad_w");
            r[22] = Field8(l.ChannelMultiplier, i, "ch_mult");
            if (spec.Scheme == FleetModelScheme.Q7)
            {
                r[24] = Field8(l.BiasLShift, i, "bias_lshift");
                r[25] = Field8(l.OutRShift, i, "out_rshift");
                r[26] = Field8(l.Rounding, i, "rounding");
                r[27] = Field8(l.FracBits, i, "frac_bits");
            }
            else
            {
                r[24] = (byte)l.InputZeroPoint;
                r[25] = (byte)l.OutputZeroPoint;
                r[26] = (byte)l.ActMin;
                r[27] = (byte)l.ActMax;
                BinaryPrimitives.WriteInt32LittleEndian(r[28..], l.SoftmaxMultiplier);
                BinaryPrimitives.WriteInt32LittleEndian(r[32..], l.SoftmaxShift);
                BinaryPrimitives.WriteInt32LittleEndian(r[36..], l.SoftmaxDiffMin);
            }

            for (int t = 0; t < 4; t++)
            {
                U32(r, 40 + (8 * t), (uint)tensorRefs[i, t].Off);
                U32(r, 44 + (8 * t), (uint)tensorRefs[i, t].Len);
            }

            inShape = (l.OutHeight, l.OutWidth, l.OutChannels);
        }

        foreach ((int offset, byte[] data) in weights)
        {
            data.CopyTo(b[(offWeights + offset)..]);
        }

        if (selfTestLen > 0)
        {
            int st = (int)offSelfTest;
            U32(b, st, (uint)selfTestInput!.Length);
            U32(b, st + 4, (uint)selfTestExpected!.Length);
            MemoryMarshalBytes(selfTestInput).CopyTo(b[(st + 8)..]);
            MemoryMarshalBytes(selfTestExpected).CopyTo(b[(st + 8 + (int)Align4(selfTestInput.Length))..]);
        }

        // The hash goes in last: it covers everything after its own field, header figures included.
        SHA256.HashData(b[40..], b.Slice(8, 32));
        return blob;
    }

    /// <summary>
    /// arena_bytes = 96·layers + 2·align4(max elements of the input and every output) + align4(max scratch
    /// budget) + 8 (docs/model-format.md, "Memory figures").
    /// </summary>
    public static long ArenaBytes(FleetModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long maxElems = (long)spec.Input.Height * spec.Input.Width * spec.Input.Channels;
        long scratch = 0;
        var inShape = (spec.Input.Height, spec.Input.Width, spec.Input.Channels);
        foreach (FleetLayerSpec l in spec.Layers)
        {
            scratch = Math.Max(scratch, ScratchBudget(spec.Scheme, l, inShape));
            maxElems = Math.Max(maxElems, (long)l.OutHeight * l.OutWidth * l.OutChannels);
            inShape = (l.OutHeight, l.OutWidth, l.OutChannels);
        }

        return ((long)PlanBytesPerLayer * spec.Layers.Count) + (2 * Align4(maxElems)) + Align4(scratch) + 8;
    }

    /// <summary>
    /// The format's scratch budget of one layer, what the ARMv7E-M DSP kernels need: conv 4·in_c·kh·kw, s8
    /// depthwise 2·in_c·kh·kw, q7 fully connected 2·cols, anything else 0.
    /// </summary>
    public static long ScratchBudget(FleetModelScheme scheme, FleetLayerSpec layer, (int H, int W, int C) input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.Op switch
        {
            FleetLayerOp.Conv => 4L * input.C * layer.KernelH * layer.KernelW,
            FleetLayerOp.DepthwiseConv when scheme == FleetModelScheme.S8 => 2L * input.C * layer.KernelH * layer.KernelW,
            FleetLayerOp.FullyConnected when scheme == FleetModelScheme.Q7 => 2L * input.H * input.W * input.C,
            _ => 0,
        };
    }

    /// <summary>Multiply-accumulates of one layer, as the loader counts them (conv, depthwise, fully connected).</summary>
    public static long Macs(FleetLayerSpec layer, (int H, int W, int C) input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        long outElems = (long)layer.OutHeight * layer.OutWidth * layer.OutChannels;
        return layer.Op switch
        {
            FleetLayerOp.Conv => outElems * layer.KernelH * layer.KernelW * input.C,
            FleetLayerOp.DepthwiseConv => outElems * layer.KernelH * layer.KernelW,
            FleetLayerOp.FullyConnected => (long)layer.OutChannels * input.H * input.W * input.C,
            _ => 0,
        };
    }

    /// <summary>True if <paramref name="id"/> is a valid v1 model id: 1..31 characters of [A-Za-z0-9._-].</summary>
    public static bool IsValidModelId(string id) =>
        id is { Length: >= 1 and <= 31 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>True if <paramref name="label"/> is a valid v1 label: 1..15 printable ASCII characters.</summary>
    public static bool IsValidLabel(string label) =>
        label is { Length: >= 1 and <= 15 } && label.All(c => c is >= ' ' and <= '~');

    private static void CheckIdentity(FleetModelSpec spec)
    {
        if (!IsValidModelId(spec.ModelId))
        {
            throw new ArgumentException($"model id '{spec.ModelId}': expected 1..31 characters of [A-Za-z0-9._-]");
        }

        if (spec.Scheme is not (FleetModelScheme.Q7 or FleetModelScheme.S8))
        {
            throw new ArgumentException($"scheme {(int)spec.Scheme}: expected q7 (1) or s8 (2)");
        }

        if (spec.Labels.Count is < 1 or > MaxLabels)
        {
            throw new ArgumentException($"{spec.Labels.Count} labels: expected 1..{MaxLabels}");
        }

        foreach (string label in spec.Labels)
        {
            if (!IsValidLabel(label))
            {
                throw new ArgumentException($"label '{label}': expected 1..15 printable ASCII characters");
            }
        }

        if (spec.Layers.Count is < 1 or > MaxLayers)
        {
            throw new ArgumentException($"{spec.Layers.Count} layers: expected 1..{MaxLayers}");
        }

        FleetInputSpec input = spec.Input;
        if (input.Mean.Count != 3 || input.Q7Shift.Count != 3 || input.S8Scale.Count != 3)
        {
            throw new ArgumentException("the input spec's mean, q7_shift and s8_scale need 3 entries each");
        }
    }

    private static void WriteInput(Span<byte> s, FleetInputSpec input)
    {
        U16(s, 0, Field16(input.Height, -1, "input h"));
        U16(s, 2, Field16(input.Width, -1, "input w"));
        U16(s, 4, Field16(input.Channels, -1, "input c"));
        s[6] = (byte)input.Colour;
        s[7] = (byte)input.Resize;
        for (int k = 0; k < 3; k++)
        {
            s[8 + k] = input.Mean[k];
            s[12 + k] = input.Q7Shift[k];
            BinaryPrimitives.WriteSingleLittleEndian(s[(16 + (4 * k))..], input.S8Scale[k]);
        }

        BinaryPrimitives.WriteSingleLittleEndian(s[28..], input.S8InputScale);
        s[32] = (byte)input.S8InputZeroPoint;
    }

    private static byte[]? Int32Bytes(int[]? values)
    {
        if (values is null)
        {
            return null;
        }

        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }

    private static ushort Field16(int v, int layer, string name) => v is >= 0 and <= ushort.MaxValue
        ? (ushort)v
        : throw new ArgumentException($"{Where(layer)}{name} {v} does not fit the format's 16-bit field");

    private static byte Field8(int v, int layer, string name) => v is >= 0 and <= byte.MaxValue
        ? (byte)v
        : throw new ArgumentException($"{Where(layer)}{name} {v} does not fit the format's 8-bit field");

    private static string Where(int layer) => layer < 0 ? "" : $"layer {layer}: ";

    private static long Align4(long v) => (v + 3) & ~3L;

    private static ReadOnlySpan<byte> MemoryMarshalBytes(sbyte[] v) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan());

    private static void U16(Span<byte> b, int off, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b[off..], v);

    private static void U32(Span<byte> b, int off, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b[off..], v);
}
