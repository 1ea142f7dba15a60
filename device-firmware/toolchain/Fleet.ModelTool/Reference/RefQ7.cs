// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Reference;

/// <summary>
/// Reference q7 kernels (legacy CMSIS-NN power-of-two scheme), written from openmv-nn-and-haar.md §2.1 and §3:
/// acc = (bias &lt;&lt; l) + Σ w·x in a wrapping 32-bit accumulator, out = SSAT8(acc &gt;&gt; r) with an arithmetic
/// shift; "round" adds 2^(r-1) first (NN_ROUND). Plain loops, no tricks: this is the yardstick the C engine is
/// held against, so clarity beats speed. Tensors are HWC; conv filters OHWI; depthwise filters [KH][KW][C].
/// </summary>
public static class RefQ7
{
    private static int Start(uint lShift, uint rShift, bool round, int bias)
    {
        // unchecked: the Cortex-M7 accumulator wraps, and a 31-bit left shift of a bias is legal input.
        int acc = unchecked(bias << (int)lShift);
        if (round && rShift > 0)
        {
            acc = unchecked(acc + (1 << (int)(rShift - 1)));
        }

        return acc;
    }

    public static void Conv(ReadOnlySpan<sbyte> input, RefDims inD, ReadOnlySpan<sbyte> filter, int kh, int kw,
        ReadOnlySpan<sbyte> bias, int strideH, int strideW, int padH, int padW, uint lShift, uint rShift, bool round,
        Span<sbyte> output, RefDims outD)
    {
        int cin = inD.C;
        for (int oy = 0; oy < outD.H; oy++)
        {
            for (int ox = 0; ox < outD.W; ox++)
            {
                for (int o = 0; o < outD.C; o++)
                {
                    int acc = Start(lShift, rShift, round, bias.IsEmpty ? 0 : bias[o]);
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int iy = oy * strideH - padH + ky;
                        if (iy < 0 || iy >= inD.H)
                        {
                            continue;
                        }

                        for (int kx = 0; kx < kw; kx++)
                        {
                            int ix = ox * strideW - padW + kx;
                            if (ix < 0 || ix >= inD.W)
                            {
                                continue;
                            }

                            ReadOnlySpan<sbyte> w = filter.Slice(((o * kh + ky) * kw + kx) * cin, cin);
                            ReadOnlySpan<sbyte> x = input.Slice((iy * inD.W + ix) * cin, cin);
                            for (int ci = 0; ci < cin; ci++)
                            {
                                acc = unchecked(acc + w[ci] * x[ci]);
                            }
                        }
                    }

                    output[(oy * outD.W + ox) * outD.C + o] = RefSat.Sat8(acc >> (int)rShift);
                }
            }
        }
    }

    /// <summary>Depthwise, channel multiplier 1: out channel c reads input channel c with filter [ky][kx][c].</summary>
    public static void DwConv(ReadOnlySpan<sbyte> input, RefDims inD, ReadOnlySpan<sbyte> filter, int kh, int kw,
        ReadOnlySpan<sbyte> bias, int strideH, int strideW, int padH, int padW, uint lShift, uint rShift, bool round,
        Span<sbyte> output, RefDims outD)
    {
        int c = inD.C;
        for (int oy = 0; oy < outD.H; oy++)
        {
            for (int ox = 0; ox < outD.W; ox++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    int acc = Start(lShift, rShift, round, bias.IsEmpty ? 0 : bias[ch]);
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int iy = oy * strideH - padH + ky;
                        for (int kx = 0; kx < kw; kx++)
                        {
                            int ix = ox * strideW - padW + kx;
                            if (iy >= 0 && iy < inD.H && ix >= 0 && ix < inD.W)
                            {
                                acc = unchecked(acc + filter[(ky * kw + kx) * c + ch] * input[(iy * inD.W + ix) * c + ch]);
                            }
                        }
                    }

                    output[(oy * outD.W + ox) * c + ch] = RefSat.Sat8(acc >> (int)rShift);
                }
            }
        }
    }

    /// <summary>Fully connected, row-major weights [rows][cols].</summary>
    public static void Fc(ReadOnlySpan<sbyte> vec, int cols, ReadOnlySpan<sbyte> weights, ReadOnlySpan<sbyte> bias,
        int rows, uint lShift, uint rShift, bool round, Span<sbyte> output)
    {
        for (int r = 0; r < rows; r++)
        {
            int acc = Start(lShift, rShift, round, bias.IsEmpty ? 0 : bias[r]);
            ReadOnlySpan<sbyte> w = weights.Slice(r * cols, cols);
            for (int j = 0; j < cols; j++)
            {
                acc = unchecked(acc + w[j] * vec[j]);
            }

            output[r] = RefSat.Sat8(acc >> (int)rShift);
        }
    }

    /// <summary>
    /// Index of W[r][c] in the converter's x4-interleaved order (spec §2.1, <c>convert_to_x4_weights</c>): rows in
    /// groups of four; per 4-column block 16 bytes r0c0 r1c0 r0c2 r1c2 r2c0 r3c0 r2c2 r3c2 r0c1 r1c1 r0c3 r1c3 r2c1
    /// r3c1 r2c3 r3c3; then each leftover column as r0..r3; rows past the last full group stored row-major.
    /// </summary>
    public static int X4Index(int rows, int cols, int r, int c)
    {
        int groupedRows = rows / 4 * 4;
        if (r >= groupedRows)
        {
            return groupedRows * cols + (r - groupedRows) * cols + c;
        }

        int groupBase = r / 4 * 4 * cols;
        int rr = r % 4;
        int blockedCols = cols / 4 * 4;
        if (c >= blockedCols)
        {
            return groupBase + blockedCols * 4 + (c - blockedCols) * 4 + rr;
        }

        int cc = c % 4;
        int inBlock = (cc % 2 == 1 ? 8 : 0) + (rr >= 2 ? 4 : 0) + (cc >= 2 ? 2 : 0) + rr % 2;
        return groupBase + c / 4 * 16 + inBlock;
    }

    /// <summary>Fully connected on x4-interleaved weights: de-interleave, then <see cref="Fc"/>.</summary>
    public static void FcX4(ReadOnlySpan<sbyte> vec, int cols, ReadOnlySpan<sbyte> weightsX4, ReadOnlySpan<sbyte> bias,
        int rows, uint lShift, uint rShift, bool round, Span<sbyte> output)
    {
        var plain = new sbyte[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                plain[r * cols + c] = weightsX4[X4Index(rows, cols, r, c)];
            }
        }

        Fc(vec, cols, plain, bias, rows, lShift, rShift, round, output);
    }

    /// <summary>True 2-D max (average: floor(sum/count)) over the window clipped to the input.</summary>
    public static void Pool(bool max, ReadOnlySpan<sbyte> input, RefDims inD, int kh, int kw, int strideH,
        int strideW, int padH, int padW, Span<sbyte> output, RefDims outD)
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
                if (y0 >= y1 || x0 >= x1)
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

                    output[(oy * outD.W + ox) * c + ch] =
                        (sbyte)(max ? best : RefSat.FloorDiv(sum, (y1 - y0) * (x1 - x0)));
                }
            }
        }
    }

    /// <summary>
    /// The camera's separable pool (legacy arm_maxpool_q7_HWC / arm_avepool_q7_HWC, DSP path, spec §3.5),
    /// simulated on one buffer exactly as the firmware moved bytes: an x pass in place over every input row
    /// (window start below 0 begins at the output index itself; the stop is clipped to the row), then a y pass
    /// into the output (start below 0 begins at row 0). Max: copy the first element, then compare only
    /// floor(len/4)·4 bytes (len is a uint16). Average: int16 sums (saturating on the first floor(len/4)·4
    /// elements, wrapping on the rest), then trunc(sum / count) cast to int8. <paramref name="buffer"/> is destroyed.
    /// </summary>
    public static void PoolLegacy(bool max, Span<sbyte> buffer, RefDims inD, int kh, int kw, int strideH,
        int strideW, int padH, int padW, Span<sbyte> output, RefDims outD)
    {
        int c = inD.C;
        var acc = new short[Math.Max(c, outD.W * c)];
        for (int iy = 0; iy < inD.H; iy++)
        {
            for (int ox = 0; ox < outD.W; ox++)
            {
                int target = (iy * inD.W + ox) * c;
                int ws = ox * strideW - padW;
                int start = ws < 0 ? target : (iy * inD.W + ws) * c;
                int stop = ws + kw >= inD.W ? (iy * inD.W + inD.W) * c : (iy * inD.W + ws + kw) * c;
                Reduce(max, buffer, start, stop, c, c, buffer, target, acc);
            }
        }

        int rowBytes = inD.W * c;
        for (int oy = 0; oy < outD.H; oy++)
        {
            int ws = oy * strideH - padH;
            int start = ws < 0 ? 0 : ws * rowBytes;
            int stop = ws + kh >= inD.H ? inD.H * rowBytes : (ws + kh) * rowBytes;
            Reduce(max, buffer, start, stop, rowBytes, outD.W * c, output, oy * outD.W * c, acc);
        }
    }

    // Reduces the runs of `len` bytes at src[start], src[start+step], ... (< stop) into dst[target..].
    private static void Reduce(bool max, Span<sbyte> src, int start, int stop, int step, int len, Span<sbyte> dst,
        int target, short[] acc)
    {
        int vectorLen = (ushort)len / 4 * 4;
        if (max)
        {
            // memmove of the first run, then compare-and-replace on the DSP-sized prefix only.
            src.Slice(start, len).CopyTo(dst.Slice(target, len));
            for (int p = start + step; p < stop; p += step)
            {
                for (int i = 0; i < vectorLen; i++)
                {
                    if (src[p + i] > dst[target + i])
                    {
                        dst[target + i] = src[p + i];
                    }
                }
            }

            return;
        }

        for (int i = 0; i < len; i++)
        {
            acc[i] = src[start + i];
        }

        int count = 1;
        for (int p = start + step; p < stop; p += step)
        {
            for (int i = 0; i < len; i++)
            {
                int s = acc[i] + src[p + i];
                acc[i] = i < vectorLen ? RefSat.Sat16(s) : unchecked((short)s);
            }

            count++;
        }

        for (int i = 0; i < len; i++)
        {
            dst[target + i] = unchecked((sbyte)(acc[i] / count));
        }
    }

    public static void Relu(Span<sbyte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = Math.Max(data[i], (sbyte)0);
        }
    }

    /// <summary>ReLU6 for a tensor with <paramref name="fracBits"/> fractional bits: clamp(x, 0, min(127, 6 &lt;&lt; f)).</summary>
    public static void Relu6(Span<sbyte> data, uint fracBits)
    {
        int six = Math.Min(127, 6 << (int)fracBits);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (sbyte)Math.Clamp((int)data[i], 0, six);
        }
    }

    /// <summary>
    /// arm_softmax_q7 (spec §3.8): base = max − 8; sum = Σ_{x &gt; base} 2^min(x−base, 31);
    /// out = x &gt; base ? SSAT8((2^20 / sum) &gt;&gt; min(13 + base − x, 31)) : 0. In place is fine.
    /// </summary>
    public static void Softmax(ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        int max = -257;
        foreach (sbyte v in input)
        {
            max = Math.Max(max, v);
        }

        int baseValue = max - 8;
        int sum = 0;
        foreach (sbyte v in input)
        {
            if (v > baseValue)
            {
                sum += 1 << Math.Min(v - baseValue, 31);
            }
        }

        int outputBase = 0x100000 / sum;
        for (int i = 0; i < input.Length; i++)
        {
            int v = input[i];
            output[i] = v > baseValue ? RefSat.Sat8(outputBase >> Math.Clamp(13 + baseValue - v, 0, 31)) : (sbyte)0;
        }
    }
}
