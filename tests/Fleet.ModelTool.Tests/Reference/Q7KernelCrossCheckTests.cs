// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Reference;

namespace Fleet.ModelTool.Tests.Reference;

/// <summary>
/// Every exported q7 kernel of the C engine agrees bit for bit with the independent C# reference on random
/// tensors: many seeds, non-square shapes, strides, padding, negative values, saturating shifts.
/// </summary>
public sealed class Q7KernelCrossCheckTests
{
    private const int Seeds = 300;

    [Theory]
    [InlineData(NnQ7Rounding.Truncate)]
    [InlineData(NnQ7Rounding.Round)]
    public void ConvQ7_RandomShapes_MatchesReference(NnQ7Rounding rounding)
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            var (ih, kh, sh, ph, oh) = g.ConvAxis();
            var (iw, kw, sw, pw, ow) = g.ConvAxis();
            int cin = g.Int(1, 7), cout = g.Int(1, 6);
            sbyte[] input = g.Bytes(ih * iw * cin), filter = g.Bytes(cout * kh * kw * cin);
            sbyte[] bias = g.Chance(0.15) ? [] : g.Bytes(cout);
            uint l = (uint)(g.Chance(0.1) ? g.Int(0, 31) : g.Int(0, 6)), r = (uint)(g.Chance(0.1) ? g.Int(0, 31) : g.Int(0, 12));
            var p = new NnConvQ7Params { Stride = new(sh, sw), Pad = new(ph, pw), Shift = new(l, r, rounding) };
            var outC = new sbyte[oh * ow * cout];
            var outR = new sbyte[outC.Length];
            NnKernels.ConvQ7(p, new(1, ih, iw, cin), input, new(cout, kh, kw, cin), filter, bias, new(1, oh, ow, cout), outC);
            RefQ7.Conv(input, new(ih, iw, cin), filter, kh, kw, bias, sh, sw, ph, pw, l, r,
                rounding == NnQ7Rounding.Round, outR, new(oh, ow, cout));
            Assert.True(outC.AsSpan().SequenceEqual(outR), $"seed {seed}");
        }
    }

    [Theory]
    [InlineData(NnQ7Rounding.Truncate)]
    [InlineData(NnQ7Rounding.Round)]
    public void DwConvQ7_RandomShapes_MatchesReference(NnQ7Rounding rounding)
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            var (ih, kh, sh, ph, oh) = g.ConvAxis();
            var (iw, kw, sw, pw, ow) = g.ConvAxis();
            int c = g.Int(1, 9);
            sbyte[] input = g.Bytes(ih * iw * c), filter = g.Bytes(kh * kw * c);
            sbyte[] bias = g.Chance(0.15) ? [] : g.Bytes(c);
            uint l = (uint)g.Int(0, 6), r = (uint)g.Int(0, 10);
            var p = new NnConvQ7Params { Stride = new(sh, sw), Pad = new(ph, pw), Shift = new(l, r, rounding) };
            var outC = new sbyte[oh * ow * c];
            var outR = new sbyte[outC.Length];
            NnKernels.DwConvQ7(p, new(1, ih, iw, c), input, new(1, kh, kw, c), filter, bias, new(1, oh, ow, c), outC);
            RefQ7.DwConv(input, new(ih, iw, c), filter, kh, kw, bias, sh, sw, ph, pw, l, r,
                rounding == NnQ7Rounding.Round, outR, new(oh, ow, c));
            Assert.True(outC.AsSpan().SequenceEqual(outR), $"seed {seed}");
        }
    }

    [Theory]
    [InlineData(NnQ7Rounding.Truncate)]
    [InlineData(NnQ7Rounding.Round)]
    public void FcQ7AndX4_RandomShapes_MatchReference(NnQ7Rounding rounding)
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            int rows = g.Int(1, 13), cols = g.Int(1, 70);
            sbyte[] vec = g.Bytes(cols), w = g.Bytes(rows * cols);
            sbyte[] bias = g.Chance(0.15) ? [] : g.Bytes(rows);
            uint l = (uint)(g.Chance(0.1) ? g.Int(0, 31) : g.Int(0, 6)), r = (uint)g.Int(0, 14);
            var shift = new NnQ7Shift(l, r, rounding);
            var outC = new sbyte[rows];
            var outR = new sbyte[rows];
            NnKernels.FcQ7(shift, vec, cols, w, bias, rows, outC);
            RefQ7.Fc(vec, cols, w, bias, rows, l, r, rounding == NnQ7Rounding.Round, outR);
            Assert.True(outC.AsSpan().SequenceEqual(outR), $"fc seed {seed}");

            // The same matrix interleaved as the converter writes it.
            var x4 = new sbyte[rows * cols];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    x4[RefQ7.X4Index(rows, cols, i, j)] = w[i * cols + j];
                }
            }

            var outX4 = new sbyte[rows];
            NnKernels.FcQ7X4(shift, vec, cols, x4, bias, rows, outX4);
            Assert.True(outX4.AsSpan().SequenceEqual(outR), $"fc_x4 seed {seed}");
        }
    }

    [Fact]
    public void FcQ7X4Index_AllSmallShapes_MatchesSpecLayout()
    {
        for (int rows = 1; rows <= 11; rows++)
        {
            for (int cols = 1; cols <= 13; cols++)
            {
                var seen = new bool[rows * cols];
                for (int r = 0; r < rows; r++)
                {
                    for (int c = 0; c < cols; c++)
                    {
                        int expected = RefQ7.X4Index(rows, cols, r, c);
                        Assert.Equal(expected, NnKernels.FcQ7X4Index(rows, cols, r, c));
                        Assert.False(seen[expected]);
                        seen[expected] = true;
                    }
                }
            }
        }

        // Spec §2.1's 16-byte block for a 4x4 matrix: r0c0 r1c0 r0c2 r1c2 r2c0 r3c0 r2c2 r3c2 r0c1 r1c1 ...
        (int R, int C)[] block = [(0, 0), (1, 0), (0, 2), (1, 2), (2, 0), (3, 0), (2, 2), (3, 2), (0, 1), (1, 1), (0, 3), (1, 3), (2, 1), (3, 1), (2, 3), (3, 3)];
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(i, RefQ7.X4Index(4, 4, block[i].R, block[i].C));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PoolQ7_RandomShapes_MatchesReference(bool max)
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            var (ih, kh, sh, ph, oh) = g.PoolAxis();
            var (iw, kw, sw, pw, ow) = g.PoolAxis();
            int c = g.Int(1, 9);
            sbyte[] input = g.Bytes(ih * iw * c);
            var p = new NnPoolParams { Window = new(kh, kw), Stride = new(sh, sw), Pad = new(ph, pw) };
            var outC = new sbyte[oh * ow * c];
            var outR = new sbyte[outC.Length];
            if (max)
            {
                NnKernels.MaxPoolQ7(p, new(1, ih, iw, c), input, new(1, oh, ow, c), outC);
            }
            else
            {
                NnKernels.AvgPoolQ7(p, new(1, ih, iw, c), input, new(1, oh, ow, c), outC);
            }

            RefQ7.Pool(max, input, new(ih, iw, c), kh, kw, sh, sw, ph, pw, outR, new(oh, ow, c));
            Assert.True(outC.AsSpan().SequenceEqual(outR), $"seed {seed}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PoolQ7Legacy_RandomShapes_MatchesReference(bool max)
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            var (ih, kh, sh, ph, oh) = g.PoolAxis();
            var (iw, kw, sw, pw, ow) = g.PoolAxis();
            int c = g.Int(1, 11);
            sbyte[] input = g.Bytes(ih * iw * c);
            sbyte[] inputC = (sbyte[])input.Clone(), inputR = (sbyte[])input.Clone();
            var p = new NnPoolParams { Window = new(kh, kw), Stride = new(sh, sw), Pad = new(ph, pw) };
            var outC = new sbyte[oh * ow * c];
            var outR = new sbyte[outC.Length];
            if (max)
            {
                NnKernels.MaxPoolQ7Legacy(p, new(1, ih, iw, c), inputC, new(1, oh, ow, c), outC);
            }
            else
            {
                NnKernels.AvgPoolQ7Legacy(p, new(1, ih, iw, c), inputC, new(1, oh, ow, c), outC);
            }

            RefQ7.PoolLegacy(max, inputR, new(ih, iw, c), kh, kw, sh, sw, ph, pw, outR, new(oh, ow, c));
            Assert.True(outC.AsSpan().SequenceEqual(outR),
                $"seed {seed}: in {ih}x{iw}x{c} k {kh}x{kw} s {sh}x{sw} p {ph}x{pw} out {oh}x{ow}");
        }
    }

    [Fact]
    public void ReluRelu6SoftmaxQ7_RandomVectors_MatchReference()
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            sbyte[] v = g.Bytes(g.Int(1, 100));

            sbyte[] c = (sbyte[])v.Clone(), r = (sbyte[])v.Clone();
            NnKernels.ReluQ7(c);
            RefQ7.Relu(r);
            Assert.True(c.AsSpan().SequenceEqual(r), $"relu seed {seed}");

            uint frac = (uint)g.Int(0, 7);
            c = (sbyte[])v.Clone();
            r = (sbyte[])v.Clone();
            NnKernels.Relu6Q7(c, frac);
            RefQ7.Relu6(r, frac);
            Assert.True(c.AsSpan().SequenceEqual(r), $"relu6 seed {seed} frac {frac}");

            c = new sbyte[v.Length];
            r = new sbyte[v.Length];
            NnKernels.SoftmaxQ7(v, c);
            RefQ7.Softmax(v, r);
            Assert.True(c.AsSpan().SequenceEqual(r), $"softmax seed {seed}");
        }
    }
}
