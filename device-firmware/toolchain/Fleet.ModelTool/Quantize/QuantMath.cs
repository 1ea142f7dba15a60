// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Quantize;

/// <summary>Small shared helpers of both quantizers.</summary>
internal static class QuantMath
{
    /// <summary>Integer bits the seed's quantizer gave a range: ceil(log2(max|x|)), 0 for an all-zero tensor.</summary>
    public static int IntBits(float maxAbs) => maxAbs <= 0 || !float.IsFinite(maxAbs) ? 0 : (int)Math.Ceiling(Math.Log2(maxAbs));

    public static float MaxAbs(ReadOnlySpan<float> v)
    {
        float m = 0;
        foreach (float x in v)
        {
            m = Math.Max(m, Math.Abs(x));
        }

        return m;
    }

    /// <summary>q7 activation on the 2^-dec grid as the kernels produce it: floor, then saturate to int8.</summary>
    public static void FloorQ7(Span<float> v, int dec)
    {
        float up = MathF.ScaleB(1f, dec), down = MathF.ScaleB(1f, -dec);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = Math.Clamp(MathF.Floor(v[i] * up), -128f, 127f) * down;
        }
    }

    /// <summary>Weights and biases: round half to even (numpy's round, as the seed), saturate to int8.</summary>
    public static sbyte RoundQ7(float v, int dec) => (sbyte)Math.Clamp(Math.Round(v * Math.ScaleB(1.0, dec), MidpointRounding.ToEven), -128, 127);

    /// <summary>TFLite's QuantizeMultiplier: real = multiplier·2^(shift−31), multiplier a Q31 in [2^30, 2^31), shift −31..30.</summary>
    public static (int Multiplier, int Shift) QuantizeMultiplier(double real)
    {
        if (real <= 0 || !double.IsFinite(real))
        {
            return (1, -31);
        }

        int shift = Math.ILogB(real) + 1; // real = q·2^shift, q in [0.5, 1)
        double q = Math.ScaleB(real, -shift);
        long m = (long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero);
        if (m == 1L << 31)
        {
            m /= 2;
            shift++;
        }

        if (shift < -31)
        {
            // Too small for the shift range: fold the rest into the multiplier (≥ 1, the loader's floor).
            m = Math.Max(1, (long)Math.Round(real * Math.ScaleB(1.0, 31 + 31), MidpointRounding.AwayFromZero));
            shift = -31;
        }

        if (shift > 30)
        {
            throw new ModelToolException($"a requantization scale of {real:g4} is too large for int8 (shift {shift} > 30)");
        }

        return ((int)m, shift);
    }

    public static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++)
        {
            if (v[i] > v[best])
            {
                best = i;
            }
        }

        return best;
    }
}
