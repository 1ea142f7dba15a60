// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Reference;

namespace Fleet.ModelTool.Tests.Reference;

/// <summary>
/// Every exported s8 (TFLite Micro / CMSIS-NN int8) kernel of the C engine agrees bit for bit with the C#
/// reference on random tensors, zero points, per-channel quantization and activation clamps.
/// </summary>
public sealed class S8KernelCrossCheckTests
{
    private const int Seeds = 300;

    private static (int InOff, int OutOff, int Min, int Max) Offsets(RandomTensors g)
    {
        int inOff = g.Int(-127, 128), outOff = g.Int(-128, 127);
        int a = g.Int(-128, 127), b = g.Int(-128, 127);
        return g.Chance(0.4) ? (inOff, outOff, -128, 127) : (inOff, outOff, Math.Min(a, b), Math.Max(a, b));
    }

    [Fact]
    public void Requantize_RandomValues_MatchesReference()
    {
        var g = new RandomTensors(7);
        for (int i = 0; i < 20000; i++)
        {
            int v = g.Chance(0.5) ? g.Int(-100000, 100000) : g.Int(int.MinValue, int.MaxValue - 1);
            var (m, s) = g.Quant();
            if (g.Chance(0.1))
            {
                s = g.Int(-31, 30);
            }

            Assert.True(NnKernels.Requantize(v, m, s) == RefFixedPoint.Requantize(v, m, s), $"v {v} m {m} s {s}");
        }
    }

    [Fact]
    public void ConvS8_RandomShapes_MatchesReference()
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            var (ih, kh, sh, ph, oh) = g.ConvAxis();
            var (iw, kw, sw, pw, ow) = g.ConvAxis();
            int cin = g.Int(1, 7), cout = g.Int(1, 6);
            var (inOff, outOff, min, max) = Offsets(g);
            sbyte[] input = g.Bytes(ih * iw * cin), filter = g.Bytes(cout * kh * kw * cin);
            int[] bias = g.Chance(0.15) ? [] : g.Ints(cout, -20000, 20000);
            var quant = Enumerable.Range(0, cout).Select(_ => g.Quant()).ToArray();
            int[] mult = quant.Select(q => q.Mult).ToArray(), shift = quant.Select(q => q.Shift).ToArray();
            var p = new NnConvS8Params
            {
                InputOffset = inOff, OutputOffset = outOff, Stride = new(sh, sw), Pad = new(ph, pw), Act = new(min, max),
            };
            var outC = new sbyte[oh * ow * cout];
            var outR = new sbyte[outC.Length];
            NnKernels.ConvS8(p, mult, shift, new(1, ih, iw, cin), input, new(cout, kh, kw, cin), filter, bias,
                new(1, oh, ow, cout), outC);
            RefS8.Conv(input, new(ih, iw, cin), filter, kh, kw, bias, mult, shift, inOff, outOff, sh, sw, ph, pw, min,
                max, outR, new(oh, ow, cout));
            Assert.True(outC.AsSpan().SequenceEqual(outR), $"seed {seed}");
        }
    }

    [Fact]
    public void DwConvS8_RandomShapesAndMultipliers_MatchesReference()
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            var (ih, kh, sh, ph, oh) = g.ConvAxis();
            var (iw, kw, sw, pw, ow) = g.ConvAxis();
            int cin = g.Int(1, 6), chMult = g.Int(1, 3), cout = cin * chMult;
            var (inOff, outOff, min, max) = Offsets(g);
            sbyte[] input = g.Bytes(ih * iw * cin), filter = g.Bytes(kh * kw * cout);
            int[] bias = g.Chance(0.15) ? [] : g.Ints(cout, -20000, 20000);
            var quant = Enumerable.Range(0, cout).Select(_ => g.Quant()).ToArray();
            int[] mult = quant.Select(q => q.Mult).ToArray(), shift = quant.Select(q => q.Shift).ToArray();
            var p = new NnDwConvS8Params
            {
                InputOffset = inOff, OutputOffset = outOff, ChMult = chMult, Stride = new(sh, sw), Pad = new(ph, pw),
                Act = new(min, max),
            };
            var outC = new sbyte[oh * ow * cout];
            var outR = new sbyte[outC.Length];
            NnKernels.DwConvS8(p, mult, shift, new(1, ih, iw, cin), input, new(1, kh, kw, cout), filter, bias,
                new(1, oh, ow, cout), outC);
            RefS8.DwConv(input, new(ih, iw, cin), filter, kh, kw, chMult, bias, mult, shift, inOff, outOff, sh, sw, ph,
                pw, min, max, outR, new(oh, ow, cout));
            Assert.True(outC.AsSpan().SequenceEqual(outR), $"seed {seed}");
        }
    }

    [Fact]
    public void FcS8_RandomShapes_MatchesReference()
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            int rows = g.Int(1, 12), cols = g.Int(1, 80);
            var (inOff, outOff, min, max) = Offsets(g);
            sbyte[] vec = g.Bytes(cols), w = g.Bytes(rows * cols);
            int[] bias = g.Chance(0.15) ? [] : g.Ints(rows, -50000, 50000);
            var (m, s) = g.Quant();
            var p = new NnFcS8Params { InputOffset = inOff, OutputOffset = outOff, Act = new(min, max) };
            var outC = new sbyte[rows];
            var outR = new sbyte[rows];
            NnKernels.FcS8(p, new NnPerTensorQuant(m, s), vec, cols, w, bias, rows, outC);
            RefS8.Fc(vec, cols, w, bias, rows, m, s, inOff, outOff, min, max, outR);
            Assert.True(outC.AsSpan().SequenceEqual(outR), $"seed {seed}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PoolS8_RandomShapes_MatchesReference(bool max)
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            var (ih, kh, sh, ph, oh) = g.PoolAxis();
            var (iw, kw, sw, pw, ow) = g.PoolAxis();
            int c = g.Int(1, 9);
            var (_, _, min, maxAct) = Offsets(g);
            sbyte[] input = g.Bytes(ih * iw * c);
            var p = new NnPoolS8Params { Window = new(kh, kw), Stride = new(sh, sw), Pad = new(ph, pw), Act = new(min, maxAct) };
            var outC = new sbyte[oh * ow * c];
            var outR = new sbyte[outC.Length];
            if (max)
            {
                NnKernels.MaxPoolS8(p, new(1, ih, iw, c), input, new(1, oh, ow, c), outC);
            }
            else
            {
                NnKernels.AvgPoolS8(p, new(1, ih, iw, c), input, new(1, oh, ow, c), outC);
            }

            RefS8.Pool(max, input, new(ih, iw, c), kh, kw, sh, sw, ph, pw, min, maxAct, outR, new(oh, ow, c));
            Assert.True(outC.AsSpan().SequenceEqual(outR), $"seed {seed}");
        }
    }

    [Fact]
    public void ReluRelu6S8_RandomVectors_MatchReference()
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            sbyte[] v = g.Bytes(g.Int(1, 200));
            var zp = (sbyte)g.Int(-128, 100);
            var six = (sbyte)g.Int(zp, 127);
            sbyte[] c = (sbyte[])v.Clone(), r = (sbyte[])v.Clone();
            NnKernels.ReluS8(c, zp);
            RefS8.Relu(r, zp);
            Assert.True(c.AsSpan().SequenceEqual(r), $"relu seed {seed}");
            c = (sbyte[])v.Clone();
            r = (sbyte[])v.Clone();
            NnKernels.Relu6S8(c, zp, six);
            RefS8.Relu6(r, zp, six);
            Assert.True(c.AsSpan().SequenceEqual(r), $"relu6 seed {seed}");
        }
    }

    /// <summary>TFLite's softmax preparation: input_beta multiplier/shift with 5 integer bits, and diff_min.</summary>
    private static (int Mult, int Shift, int DiffMin) SoftmaxParams(double beta, double inputScale)
    {
        double real = Math.Min(beta * inputScale * (1L << (31 - 5)), int.MaxValue);
        int exp = (int)Math.Floor(Math.Log2(real)) + 1; // frexp: real = q · 2^exp, q in [0.5, 1)
        long q = (long)Math.Round(real / Math.Pow(2, exp) * (1L << 31));
        if (q == 1L << 31)
        {
            q /= 2;
            exp++;
        }

        double radius = 31.0 * (1L << (31 - 5)) / Math.Pow(2, exp);
        return ((int)q, exp, -(int)Math.Floor(radius));
    }

    [Fact]
    public void SoftmaxS8_RandomRowsAndScales_MatchesReference()
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var g = new RandomTensors(seed);
            int rows = g.Int(1, 4), size = g.Int(1, 40);
            sbyte[] v = g.Bytes(rows * size);
            var (mult, shift, diffMin) = SoftmaxParams(g.Chance(0.2) ? 2.0 : 1.0, 0.005 + g.Int(0, 1000) / 2000.0);
            var outC = new sbyte[v.Length];
            var outR = new sbyte[v.Length];
            NnKernels.SoftmaxS8(v, rows, size, mult, shift, diffMin, outC);
            RefS8.Softmax(v, rows, size, mult, shift, diffMin, outR);
            Assert.True(outC.AsSpan().SequenceEqual(outR),
                $"seed {seed} mult {mult} shift {shift} diff_min {diffMin}: C [{string.Join(",", outC)}] ref [{string.Join(",", outR)}]");
        }
    }
}
