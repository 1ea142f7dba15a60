// SPDX-License-Identifier: MIT
using System.Numerics;

namespace Fleet.ModelTool.Reference;

/// <summary>
/// gemmlowp-style fixed-point primitives as CMSIS-NN / TFLite Micro use them for int8 requantization and
/// softmax. All arithmetic is 32-bit and wraps where the Cortex-M7 wraps (C# is unchecked by default).
/// </summary>
public static class RefFixedPoint
{
    /// <summary>SaturatingRoundingDoublingHighMul: round(a·b / 2^31), ties away from zero, MIN·MIN saturates.</summary>
    public static int DoublingHighMult(int a, int b)
    {
        if (a == int.MinValue && b == int.MinValue)
        {
            return int.MaxValue;
        }

        long ab = (long)a * b;
        long nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);
        return (int)((ab + nudge) / (1L << 31));
    }

    /// <summary>The non-saturating variant arm_nn_requantize uses: (a·b + 2^30) &gt;&gt; 31 in 64 bits.</summary>
    public static int DoublingHighMultNoSat(int a, int b) => unchecked((int)(((long)a * b + (1L << 30)) >> 31));

    /// <summary>RoundingDivideByPOT: x / 2^exponent, ties away from zero.</summary>
    public static int DivideByPowerOfTwo(int x, int exponent)
    {
        int mask = unchecked((1 << exponent) - 1);
        int remainder = x & mask;
        int result = x >> exponent;
        int threshold = (mask >> 1) + (result < 0 ? 1 : 0);
        return remainder > threshold ? result + 1 : result;
    }

    /// <summary>Saturating x · 2^exponent.</summary>
    public static int MultiplyByPowerOfTwo(int x, int exponent)
    {
        int threshold = (1 << (31 - exponent)) - 1;
        if (x > threshold)
        {
            return int.MaxValue;
        }

        return x < -threshold ? int.MinValue : unchecked(x << exponent);
    }

    /// <summary>
    /// TFLite's int8 requantization with double rounding (arm_nn_requantize default):
    /// DivideByPOT(DoublingHighMultNoSat(x · 2^max(shift,0), multiplier), max(−shift, 0)).
    /// </summary>
    public static int Requantize(int x, int multiplier, int shift)
    {
        int left = Math.Max(shift, 0);
        int right = Math.Max(-shift, 0);
        return DivideByPowerOfTwo(DoublingHighMultNoSat(unchecked(x * (1 << left)), multiplier), right);
    }

    /// <summary>exp(x) for x ≤ 0 in Q5.26 input, Q0.31 output (gemmlowp exp_on_negative_values, 5 integer bits).</summary>
    public static int ExpOnNegativeValues(int a)
    {
        const int quarterShift = 24; // one quarter in Q5.26
        int aModQuarterMinusQuarter = (a & ((1 << quarterShift) - 1)) - (1 << quarterShift);
        int remainder = aModQuarterMinusQuarter - a;

        // exp on [-1/4, 0): Taylor around -1/8 in Q0.31.
        int x = (aModQuarterMinusQuarter << 5) + (1 << 28);
        int x2 = DoublingHighMult(x, x);
        int x3 = DoublingHighMult(x2, x);
        int x4 = DoublingHighMult(x2, x2);
        int x4Over4 = DivideByPowerOfTwo(x4, 2);
        int poly = DivideByPowerOfTwo(DoublingHighMult(x4Over4 + x3, 715827883) + x2, 1);
        int result = 1895147668 + DoublingHighMult(1895147668, x + poly);

        // Barrel of exp(-2^k / 4) factors for the integer part.
        ReadOnlySpan<int> factors = [1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242];
        for (int k = 0; k < factors.Length; k++)
        {
            if ((remainder & (1 << (quarterShift + k))) != 0)
            {
                result = DoublingHighMult(result, factors[k]);
            }
        }

        return a == 0 ? int.MaxValue : result;
    }

    /// <summary>1 / (1 + x) for x in [0, 1), Q0.31 in, Q2.29·2 out (gemmlowp one_over_one_plus_x_for_x_in_0_1).</summary>
    public static int OneOverOnePlusX(int a)
    {
        long sum = (long)a + int.MaxValue;
        int halfDenominator = (int)((sum + (sum >= 0 ? 1 : -1)) / 2);
        int x = 1515870810 + DoublingHighMult(halfDenominator, -1010580540);
        const int one = 1 << 29;
        for (int i = 0; i < 3; i++)
        {
            x += MultiplyByPowerOfTwo(DoublingHighMult(x, one - DoublingHighMult(halfDenominator, x)), 2);
        }

        return MultiplyByPowerOfTwo(x, 1);
    }

    /// <summary>Count of leading zero bits of a 32-bit value (32 for 0).</summary>
    public static int Clz(int x) => BitOperations.LeadingZeroCount((uint)x);
}
