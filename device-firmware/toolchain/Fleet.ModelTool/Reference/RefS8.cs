// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Reference;

/// <summary>
/// Reference int8 kernels in the TFLite Micro / CMSIS-NN s8 convention: symmetric int8 weights, int32 bias,
/// acc = bias + Σ w·(x + input_offset) over in-bound taps (a padded tap is the input zero point, so it adds 0),
/// out = clamp(requantize(acc) + output_offset, act_min, act_max). Per-channel quant for conv/depthwise,
/// per-tensor for fully connected. HWC tensors; conv filters OHWI; depthwise filters [KH][KW][C_out].
/// </summary>
public static class RefS8
{
    private static sbyte Finish(int acc, int multiplier, int shift, int outputOffset, int actMin, int actMax) =>
        (sbyte)Math.Clamp(RefFixedPoint.Requantize(acc, multiplier, shift) + outputOffset, actMin, actMax);

    public static void Conv(ReadOnlySpan<sbyte> input, RefDims inD, ReadOnlySpan<sbyte> filter, int kh, int kw,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, int inputOffset,
        int outputOffset, int strideH, int strideW, int padH, int padW, int actMin, int actMax, Span<sbyte> output,
        RefDims outD)
    {
        int cin = inD.C;
        for (int oy = 0; oy < outD.H; oy++)
        {
            for (int ox = 0; ox < outD.W; ox++)
            {
                for (int o = 0; o < outD.C; o++)
                {
                    int acc = bias.IsEmpty ? 0 : bias[o];
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int iy = oy * strideH - padH + ky;
                        for (int kx = 0; kx < kw; kx++)
                        {
                            int ix = ox * strideW - padW + kx;
                            if (iy < 0 || iy >= inD.H || ix < 0 || ix >= inD.W)
                            {
                                continue;
                            }

                            for (int ci = 0; ci < cin; ci++)
                            {
                                int w = filter[((o * kh + ky) * kw + kx) * cin + ci];
                                acc = unchecked(acc + w * (input[(iy * inD.W + ix) * cin + ci] + inputOffset));
                            }
                        }
                    }

                    output[(oy * outD.W + ox) * outD.C + o] =
                        Finish(acc, multiplier[o], shift[o], outputOffset, actMin, actMax);
                }
            }
        }
    }

    /// <summary>Depthwise with channel multiplier: output channel o reads input channel o / chMult.</summary>
    public static void DwConv(ReadOnlySpan<sbyte> input, RefDims inD, ReadOnlySpan<sbyte> filter, int kh, int kw,
        int chMult, ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, int inputOffset,
        int outputOffset, int strideH, int strideW, int padH, int padW, int actMin, int actMax, Span<sbyte> output,
        RefDims outD)
    {
        int cout = inD.C * chMult;
        for (int oy = 0; oy < outD.H; oy++)
        {
            for (int ox = 0; ox < outD.W; ox++)
            {
                for (int o = 0; o < cout; o++)
                {
                    int ci = o / chMult;
                    int acc = bias.IsEmpty ? 0 : bias[o];
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int iy = oy * strideH - padH + ky;
                        for (int kx = 0; kx < kw; kx++)
                        {
                            int ix = ox * strideW - padW + kx;
                            if (iy >= 0 && iy < inD.H && ix >= 0 && ix < inD.W)
                            {
                                int x = input[(iy * inD.W + ix) * inD.C + ci] + inputOffset;
                                acc = unchecked(acc + filter[(ky * kw + kx) * cout + o] * x);
                            }
                        }
                    }

                    output[(oy * outD.W + ox) * cout + o] =
                        Finish(acc, multiplier[o], shift[o], outputOffset, actMin, actMax);
                }
            }
        }
    }

    public static void Fc(ReadOnlySpan<sbyte> vec, int cols, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        int rows, int multiplier, int shift, int inputOffset, int outputOffset, int actMin, int actMax,
        Span<sbyte> output)
    {
        for (int r = 0; r < rows; r++)
        {
            int acc = bias.IsEmpty ? 0 : bias[r];
            for (int j = 0; j < cols; j++)
            {
                acc = unchecked(acc + weights[r * cols + j] * (vec[j] + inputOffset));
            }

            output[r] = Finish(acc, multiplier, shift, outputOffset, actMin, actMax);
        }
    }

    /// <summary>Max (arm_max_pool_s8) or average (arm_avgpool_s8: ties away from zero) over in-bound taps, then clamp.</summary>
    public static void Pool(bool max, ReadOnlySpan<sbyte> input, RefDims inD, int kh, int kw, int strideH,
        int strideW, int padH, int padW, int actMin, int actMax, Span<sbyte> output, RefDims outD)
    {
        int c = inD.C;
        for (int oy = 0; oy < outD.H; oy++)
        {
            int y0 = Math.Max(oy * strideH - padH, 0);
            int y1 = Math.Min(oy * strideH - padH + kh, inD.H);
            for (int ox = 0; ox < outD.W; ox++)
            {
                int x0 = Math.Max(ox * strideW - padW, 0);
                int x1 = Math.Min(ox * strideW - padW + kw, inD.W);
                int count = Math.Max(y1 - y0, 0) * Math.Max(x1 - x0, 0);
                if (count == 0)
                {
                    throw new ArgumentException("a pooling window has no in-bound tap");
                }

                for (int ch = 0; ch < c; ch++)
                {
                    int best = int.MinValue;
                    int sum = 0;
                    for (int y = y0; y < y1; y++)
                    {
                        for (int x = x0; x < x1; x++)
                        {
                            int v = input[(y * inD.W + x) * c + ch];
                            best = Math.Max(best, v);
                            sum += v;
                        }
                    }

                    // C division truncates, so ±count/2 first gives round-half-away-from-zero.
                    int value = max ? best : sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                    output[(oy * outD.W + ox) * c + ch] = (sbyte)Math.Clamp(value, actMin, actMax);
                }
            }
        }
    }

    public static void Relu(Span<sbyte> data, sbyte zeroPoint)
    {
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = Math.Max(data[i], zeroPoint);
        }
    }

    public static void Relu6(Span<sbyte> data, sbyte zeroPoint, sbyte six)
    {
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = Math.Clamp(data[i], zeroPoint, six);
        }
    }

    /// <summary>
    /// TFLite Micro int8 softmax (arm_softmax_s8): per row, diff = x − max; taps with diff ≥ diffMin contribute
    /// exp(diff·beta·scale) computed in Q5.26 → Q0.31 and accumulated with 12 fractional bits; the reciprocal
    /// of the sum is 1/(1+x) on the normalised sum; output zero point −128, scale 1/256.
    /// </summary>
    public static void Softmax(ReadOnlySpan<sbyte> input, int rows, int rowSize, int mult, int shift, int diffMin,
        Span<sbyte> output)
    {
        const int accumBits = 12;
        int mask = unchecked(1 << shift);
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<sbyte> x = input.Slice(row * rowSize, rowSize);
            int max = x[0];
            for (int i = 1; i < rowSize; i++)
            {
                max = Math.Max(max, x[i]);
            }

            int sum = 0;
            for (int i = 0; i < rowSize; i++)
            {
                int diff = x[i] - max;
                if (diff >= diffMin)
                {
                    int e = RefFixedPoint.ExpOnNegativeValues(RefFixedPoint.DoublingHighMult(unchecked(diff * mask), mult));
                    sum = unchecked(sum + RefFixedPoint.DivideByPowerOfTwo(e, accumBits));
                }
            }

            int headroom = RefFixedPoint.Clz(sum);
            int normalised = unchecked((sum > 0 ? sum << headroom : 0) - int.MinValue);
            int shiftedScale = RefFixedPoint.OneOverOnePlusX(normalised);
            int bitsOverUnit = accumBits - headroom + 23;

            // Outputs are computed in a second pass; the max and sum are already known, so in place is safe.
            Span<sbyte> y = output.Slice(row * rowSize, rowSize);
            for (int i = 0; i < rowSize; i++)
            {
                int diff = x[i] - max;
                if (diff >= diffMin)
                {
                    int e = RefFixedPoint.ExpOnNegativeValues(RefFixedPoint.DoublingHighMult(unchecked(diff * mask), mult));
                    int res = RefFixedPoint.DivideByPowerOfTwo(RefFixedPoint.DoublingHighMult(shiftedScale, e), bitsOverUnit) - 128;
                    y[i] = (sbyte)Math.Clamp(res, -128, 127);
                }
                else
                {
                    y[i] = -128;
                }
            }
        }
    }
}
