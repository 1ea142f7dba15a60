// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

public static unsafe partial class NnKernels
{
    /// <summary><c>fl_nn_requantize</c> (arm_nn_requantize, double rounding).</summary>
    public static int Requantize(int value, int multiplier, int shift) =>
        NnNativeMethods.Requantize(value, multiplier, shift);

    /// <summary><c>fl_nn_conv_s8</c>: per-channel quant arrays of C_out entries, int32 bias (empty = none).</summary>
    public static void ConvS8(in NnConvS8Params p, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift,
        NnDims inDims, ReadOnlySpan<sbyte> input, NnDims filterDims, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, NnDims outDims, Span<sbyte> output)
    {
        Need(input, inDims.Elements, nameof(input));
        Need(filter, filterDims.Elements, nameof(filter));
        Need(multiplier, filterDims.N, nameof(multiplier));
        Need(shift, filterDims.N, nameof(shift));
        NeedBias(bias, filterDims.N);
        Need<sbyte>(output, outDims.Elements, nameof(output));
        byte[] scratch = Scratch(NnNativeMethods.ConvS8ScratchSize(&inDims, &filterDims));
        fixed (NnConvS8Params* pp = &p)
        fixed (int* m = multiplier, sh = shift, b = bias)
        fixed (sbyte* i = input, f = filter, o = output)
        fixed (byte* s = scratch)
        {
            NnContextNative ctx = new() { Buf = s, Size = (nuint)scratch.Length };
            NnPerChannelQuantNative q = new() { Multiplier = m, Shift = sh };
            NnStatusNames.ThrowIfFailed(
                NnNativeMethods.ConvS8(&ctx, pp, &q, &inDims, i, &filterDims, f, bias.IsEmpty ? null : b, &outDims, o),
                "fl_nn_conv_s8");
        }
    }

    /// <summary><c>fl_nn_dwconv_s8</c>: filter [1][KH][KW][C_out], C_out = C_in · ChMult.</summary>
    public static void DwConvS8(in NnDwConvS8Params p, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift,
        NnDims inDims, ReadOnlySpan<sbyte> input, NnDims filterDims, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, NnDims outDims, Span<sbyte> output)
    {
        Need(input, inDims.Elements, nameof(input));
        Need(filter, filterDims.Elements, nameof(filter));
        Need(multiplier, filterDims.C, nameof(multiplier));
        Need(shift, filterDims.C, nameof(shift));
        NeedBias(bias, filterDims.C);
        Need<sbyte>(output, outDims.Elements, nameof(output));
        byte[] scratch = Scratch(NnNativeMethods.DwConvS8ScratchSize(&inDims, &filterDims));
        fixed (NnDwConvS8Params* pp = &p)
        fixed (int* m = multiplier, sh = shift, b = bias)
        fixed (sbyte* i = input, f = filter, o = output)
        fixed (byte* s = scratch)
        {
            NnContextNative ctx = new() { Buf = s, Size = (nuint)scratch.Length };
            NnPerChannelQuantNative q = new() { Multiplier = m, Shift = sh };
            NnStatusNames.ThrowIfFailed(
                NnNativeMethods.DwConvS8(&ctx, pp, &q, &inDims, i, &filterDims, f, bias.IsEmpty ? null : b, &outDims,
                    o),
                "fl_nn_dwconv_s8");
        }
    }

    /// <summary><c>fl_nn_fc_s8</c>: per-tensor quant, row-major weights [rows][cols], int32 bias (empty = none).</summary>
    public static void FcS8(in NnFcS8Params p, NnPerTensorQuant q, ReadOnlySpan<sbyte> vec, int cols,
        ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias, int rows, Span<sbyte> output)
    {
        Need(vec, cols, nameof(vec));
        Need(weights, (long)rows * cols, nameof(weights));
        NeedBias(bias, rows);
        Need<sbyte>(output, rows, nameof(output));
        byte[] scratch = Scratch(NnNativeMethods.FcS8ScratchSize(cols));
        fixed (NnFcS8Params* pp = &p)
        fixed (int* b = bias)
        fixed (sbyte* v = vec, w = weights, o = output)
        fixed (byte* s = scratch)
        {
            NnContextNative ctx = new() { Buf = s, Size = (nuint)scratch.Length };
            NnStatusNames.ThrowIfFailed(
                NnNativeMethods.FcS8(&ctx, pp, &q, v, cols, w, bias.IsEmpty ? null : b, rows, o), "fl_nn_fc_s8");
        }
    }

    /// <summary><c>fl_nn_maxpool_s8</c> (arm_max_pool_s8).</summary>
    public static void MaxPoolS8(in NnPoolS8Params p, NnDims inDims, ReadOnlySpan<sbyte> input, NnDims outDims,
        Span<sbyte> output)
    {
        Need(input, inDims.Elements, nameof(input));
        Need<sbyte>(output, outDims.Elements, nameof(output));
        fixed (NnPoolS8Params* pp = &p)
        fixed (sbyte* i = input, o = output)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.MaxPoolS8(pp, &inDims, i, &outDims, o), "fl_nn_maxpool_s8");
        }
    }

    /// <summary><c>fl_nn_avgpool_s8</c> (arm_avgpool_s8: rounds half away from zero).</summary>
    public static void AvgPoolS8(in NnPoolS8Params p, NnDims inDims, ReadOnlySpan<sbyte> input, NnDims outDims,
        Span<sbyte> output)
    {
        Need(input, inDims.Elements, nameof(input));
        Need<sbyte>(output, outDims.Elements, nameof(output));
        fixed (NnPoolS8Params* pp = &p)
        fixed (sbyte* i = input, o = output)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.AvgPoolS8(pp, &inDims, i, &outDims, o), "fl_nn_avgpool_s8");
        }
    }

    /// <summary><c>fl_nn_relu_s8</c>, in place: x = max(x, zeroPoint).</summary>
    public static void ReluS8(Span<sbyte> data, sbyte zeroPoint)
    {
        fixed (sbyte* d = data)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.ReluS8(d, (nuint)data.Length, zeroPoint), "fl_nn_relu_s8");
        }
    }

    /// <summary><c>fl_nn_relu6_s8</c>, in place: x = clamp(x, zeroPoint, six).</summary>
    public static void Relu6S8(Span<sbyte> data, sbyte zeroPoint, sbyte six)
    {
        fixed (sbyte* d = data)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.Relu6S8(d, (nuint)data.Length, zeroPoint, six),
                "fl_nn_relu6_s8");
        }
    }

    /// <summary><c>fl_nn_softmax_s8</c> (arm_softmax_s8): rows × rowSize, output zero point -128, scale 1/256.</summary>
    public static void SoftmaxS8(ReadOnlySpan<sbyte> input, int rows, int rowSize, int mult, int shift, int diffMin,
        Span<sbyte> output)
    {
        Need(input, (long)rows * rowSize, nameof(input));
        Need<sbyte>(output, (long)rows * rowSize, nameof(output));
        fixed (sbyte* i = input, o = output)
        {
            NnStatusNames.ThrowIfFailed(NnNativeMethods.SoftmaxS8(i, rows, rowSize, mult, shift, diffMin, o),
                "fl_nn_softmax_s8");
        }
    }
}
