// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Quantize;

namespace Fleet.ModelTool.Tests.Quantize;

public sealed class QuantMathTests
{
    [Theory]
    [InlineData(0.75)]
    [InlineData(0.5)]
    [InlineData(1.9999999)]
    [InlineData(3.0e-4)]
    [InlineData(1e-12)]
    [InlineData(123.456)]
    public void S8Requantization_ReconstructsTheScale(double real)
    {
        (int m, int shift) = typeof(S8Quantizer).Assembly.GetType("Fleet.ModelTool.Quantize.QuantMath")!
            .GetMethod("QuantizeMultiplier")!.Invoke(null, [real]) is ValueTuple<int, int> t ? t : default;
        Assert.InRange(m, 1, int.MaxValue);
        Assert.InRange(shift, -31, 30);
        double back = m * Math.ScaleB(1.0, shift - 31);
        Assert.InRange(back, real * (1 - 1e-6) - 1e-18, real * (1 + 1e-6) + Math.ScaleB(1.0, -62));
    }

    [Theory]
    [InlineData(-3.0f, 5.0f)]
    [InlineData(0f, 10f)]
    [InlineData(-1f, 0f)]
    [InlineData(0.5f, 2f)]
    public void Affine_RepresentsZeroExactlyAndCoversTheRange(float lo, float hi)
    {
        (double scale, int zp) = S8Quantizer.Affine(lo, hi);
        Assert.InRange(zp, -128, 127);
        Assert.True(scale > 0);
        Assert.InRange((-128 - zp) * scale, Math.Min(lo, 0) - scale, Math.Min(lo, 0) + scale);
        Assert.InRange((127 - zp) * scale, Math.Max(hi, 0) - scale, Math.Max(hi, 0) + scale);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(1.0 / 16)]
    [InlineData(0.5)]
    public void SoftmaxParameters_AreInTheLoadersRanges(double inputScale)
    {
        (int mult, int shift, int diffMin) = S8Quantizer.SoftmaxParams(inputScale);
        Assert.True(mult >= 1);
        Assert.InRange(shift, 0, 31);
        Assert.True(diffMin <= 0);

        // beta·scale in Q5.26: multiplier·2^shift / 2^31 ≈ scale·2^26.
        double back = mult * Math.ScaleB(1.0, shift - 31);
        Assert.InRange(back, inputScale * (1 << 26) * 0.999, inputScale * (1 << 26) * 1.001);
    }
}
