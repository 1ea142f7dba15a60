// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

public static unsafe partial class NnKernels
{
    /// <summary><c>fl_nn_conv_q7</c>: in [1][H][W][Cin], filter [Cout][KH][KW][Cin] (OHWI), out [1][OH][OW][Cout].</summary>
    public static void ConvQ7(in NnConvQ7Params p, NnDims inDims, ReadOnlySpan<sbyte> input, NnDims filterDims,
        ReadOnlySpan<sbyte> filter, ReadOnlySpan<sbyte> bias, NnDims outDims, Span<sbyte> output)
    {
        Need(input, inDims.Elements, nameof(input));
        Need(filter, filterDims.Elements, nameof(filter));
        NeedBias(bias, filterDims.N);
        Need<sbyte>(output, outDims.Elements, nameof(output));
        byte[] scratch = Scratch(NnNativeMethods.ConvQ7ScratchSize(&inDims, &filterDims));
        fixed (NnConvQ7Params* pp = &p)
        fixed (sbyte* i = input, f = filter, b = bias, o = output)
        fixed (byte* s = scratch)
        {
            NnContextNative ctx = new() { Buf = s, Size = (nuint)scratch.Length };
            NnStatusNames.ThrowIfFailed(
                NnNativeMethods.ConvQ7(&ctx, pp, &inDims, i, &filterDims, f, bias.IsEmpty ? null : b, &outDims, o),
                "fl_nn_conv_q7");
        }
    }

    /// <summary><c>fl_nn_dwconv_q7</c>: channel multiplier 1, filter [1][KH][KW][C].</summary>
    public static void DwConvQ7(in NnConvQ7Params p, NnDims inDims, ReadOnlySpan<sbyte> input, NnDims filterDims,
        ReadOnlySpan<sbyte> filter, ReadOnlySpan<sbyte> bias, NnDims outDims, Span<sbyte> output)
    {
        Need(input, inDims.Elements, nameof(input));
        Need(filter, filterDims.Elements, nameof(filter));
        NeedBias(bias, filterDims.C);
        Need<sbyte>(output, outDims.Elements, nameof(output));
        fixed (NnConvQ7Params* pp = &p)
        fixed (sbyte* i = input, f = filter, b = bias, o = output)
        {
            NnStatusNames.ThrowIfFailed(
                NnNativeMethods.DwConvQ7(pp, &inDims, i, &filterDims, f, bias.IsEmpty ? null : b, &outDims, o),
                "fl_nn_dwconv_q7");
        }
    }

    /// <summary><c>fl_nn_fc_q7</c>: row-major weights [rows][cols].</summary>
    public static void FcQ7(in NnQ7Shift shift, ReadOnlySpan<sbyte> vec, int cols, ReadOnlySpan<sbyte> weights,
        ReadOnlySpan<sbyte> bias, int rows, Span<sbyte> output)
    {
        Need(vec, cols, nameof(vec));
        Need(weights, (long)rows * cols, nameof(weights));
        NeedBias(bias, rows);
        Need<sbyte>(output, rows, nameof(output));
        byte[] scratch = Scratch(NnNativeMethods.FcQ7ScratchSize(cols));
        fixed (NnQ7Shift* sp = &shift)
        fixed (sbyte* v = vec, w = weights, b = bias, o = output)
        fixed (byte* s = scratch)
        {
            NnContextNative ctx = new() { Buf = s, Size = (nuint)scratch.Length };
            NnStatusNames.ThrowIfFailed(
                NnNativeMethods.FcQ7(&ctx, sp, v, cols, w, bias.IsEmpty ? null : b, rows, o), "fl_nn_fc_q7");
        }
    }

    /// <summary><c>fl_nn_fc_q7_x4</c>: weights in the x4-interleaved order of arm_fully_connected_q7_opt.</summary>
    public static void FcQ7X4(in NnQ7Shift shift, ReadOnlySpan<sbyte> vec, int cols, ReadOnlySpan<sbyte> weightsX4,
        ReadOnlySpan<sbyte> bias, int rows, Span<sbyte> output)
    {
        Need(vec, cols, nameof(vec));
        Need(weightsX4, (long)rows * cols, nameof(weightsX4));
        NeedBias(bias, rows);
        Need<sbyte>(output, rows, nameof(output));
        byte[] scratch = Scratch(NnNativeMethods.FcQ7ScratchSize(cols));
        fixed (NnQ7Shift* sp = &shift)
        fixed (sbyte* v = vec, w = weightsX4, b = bias, o = output)
        fixed (byte* s = scratch)
        {
            NnContextNative ctx = new() { Buf = s, Size = (nuint)scratch.Length };
            NnStatusNames.ThrowIfFailed(
                NnNativeMethods.FcQ7X4(&ctx, sp, v, cols, w, bias.IsEmpty ? null : b, rows, o), "fl_nn_fc_q7_x4");
        }
    }

    /// <summary><c>fl_nn_fc_q7_x4_index</c>: byte index of W[r][c] in the x4-interleaved array.</summary>
    public static long FcQ7X4Index(int rows, int cols, int r, int c)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(r);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(r, rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(c, cols);
        return (long)NnNativeMethods.FcQ7X4Index(rows, cols, r, c);
    }

    /// <summary><c>fl_nn_maxpool_q7</c>: true 2-D max over the clipped window.</summary>
    public static void MaxPoolQ7(in NnPoolParams p, NnDims inDims, ReadOnlySpan<sbyte> input, NnDims outDims,
        Span<sbyte> output)
    {
        Need(input, inDims.Elements, nameof(input));
        Need<sbyte>(output, outDims.Elements, nameof(output));
        fixed (NnPoolParams* pp = &p)
        fixed (sbyte* i = input, o = output)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.MaxPoolQ7(pp, &inDims, i, &outDims, o), "fl_nn_maxpool_q7");
        }
    }

    /// <summary><c>fl_nn_avgpool_q7</c>: floor(sum / count) over the in-bound taps.</summary>
    public static void AvgPoolQ7(in NnPoolParams p, NnDims inDims, ReadOnlySpan<sbyte> input, NnDims outDims,
        Span<sbyte> output)
    {
        Need(input, inDims.Elements, nameof(input));
        Need<sbyte>(output, outDims.Elements, nameof(output));
        fixed (NnPoolParams* pp = &p)
        fixed (sbyte* i = input, o = output)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.AvgPoolQ7(pp, &inDims, i, &outDims, o), "fl_nn_avgpool_q7");
        }
    }

    /// <summary><c>fl_nn_maxpool_q7_legacy</c>: the camera's separable pool. <paramref name="input"/> is DESTROYED.</summary>
    public static void MaxPoolQ7Legacy(in NnPoolParams p, NnDims inDims, Span<sbyte> input, NnDims outDims,
        Span<sbyte> output)
    {
        Need<sbyte>(input, inDims.Elements, nameof(input));
        Need<sbyte>(output, outDims.Elements, nameof(output));
        fixed (NnPoolParams* pp = &p)
        fixed (sbyte* i = input, o = output)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.MaxPoolQ7Legacy(pp, &inDims, i, &outDims, o),
                "fl_nn_maxpool_q7_legacy");
        }
    }

    /// <summary><c>fl_nn_avgpool_q7_legacy</c>: the camera's separable average. <paramref name="input"/> is DESTROYED.</summary>
    public static void AvgPoolQ7Legacy(in NnPoolParams p, NnDims inDims, Span<sbyte> input, NnDims outDims,
        Span<sbyte> output)
    {
        Need<sbyte>(input, inDims.Elements, nameof(input));
        Need<sbyte>(output, outDims.Elements, nameof(output));
        byte[] scratch = Scratch(NnNativeMethods.AvgPoolQ7LegacyScratchSize(&inDims, &outDims));
        fixed (NnPoolParams* pp = &p)
        fixed (sbyte* i = input, o = output)
        fixed (byte* s = scratch)
        {
            NnContextNative ctx = new() { Buf = s, Size = (nuint)scratch.Length };
            NnStatusNames.ThrowIfFailed(NnNativeMethods.AvgPoolQ7Legacy(&ctx, pp, &inDims, i, &outDims, o),
                "fl_nn_avgpool_q7_legacy");
        }
    }

    /// <summary><c>fl_nn_relu_q7</c>, in place.</summary>
    public static void ReluQ7(Span<sbyte> data)
    {
        fixed (sbyte* d = data)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.ReluQ7(d, (nuint)data.Length), "fl_nn_relu_q7");
        }
    }

    /// <summary><c>fl_nn_relu6_q7</c>, in place; 6.0 is <c>6 &lt;&lt; fracBits</c> (capped at 127).</summary>
    public static void Relu6Q7(Span<sbyte> data, uint fracBits)
    {
        fixed (sbyte* d = data)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.Relu6Q7(d, (nuint)data.Length, fracBits), "fl_nn_relu6_q7");
        }
    }

    /// <summary><c>fl_nn_softmax_q7</c> (arm_softmax_q7). <paramref name="output"/> may alias the input.</summary>
    public static void SoftmaxQ7(ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        Need<sbyte>(output, input.Length, nameof(output));
        fixed (sbyte* i = input, o = output)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.SoftmaxQ7(i, input.Length, o), "fl_nn_softmax_q7");
        }
    }
}
