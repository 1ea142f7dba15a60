// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Tests.Reference;

/// <summary>Seeded random tensors and geometry for the C-vs-reference cross-checks.</summary>
internal sealed class RandomTensors(int seed)
{
    private readonly Random _rng = new(seed);

    public int Int(int min, int maxInclusive) => _rng.Next(min, maxInclusive + 1);

    public bool Chance(double p) => _rng.NextDouble() < p;

    /// <summary>Full-range int8 most of the time (saturation), sometimes a narrow range (no saturation).</summary>
    public sbyte[] Bytes(int n)
    {
        var v = new sbyte[n];
        int span = Chance(0.3) ? Int(1, 16) : 128;
        for (int i = 0; i < n; i++)
        {
            v[i] = (sbyte)Math.Clamp(Int(-span, span - 1), -128, 127);
        }

        return v;
    }

    public int[] Ints(int n, int min, int max) => Enumerable.Range(0, n).Select(_ => Int(min, max)).ToArray();

    /// <summary>
    /// Conv/pool geometry along one axis: input size, window, stride, pad (&lt; window) and an output size from
    /// the floor (conv) formula, grown until at least one output exists.
    /// </summary>
    public (int In, int K, int S, int P, int Out) ConvAxis(int maxIn = 9, int maxK = 4)
    {
        int k = Int(1, maxK), s = Int(1, 3), p = Int(0, k - 1);
        int i = Math.Max(Int(1, maxIn), k - 2 * p);
        return (i, k, s, p, (i + 2 * p - k) / s + 1);
    }

    /// <summary>Pool geometry: Caffe's ceil formula, clipped so every window starts inside the input and O ≤ I.</summary>
    public (int In, int K, int S, int P, int Out) PoolAxis(int maxIn = 10, int maxK = 4)
    {
        int k = Int(1, maxK), s = Int(1, 3), p = Int(0, k - 1);
        int i = Int(Math.Max(1, k - p), maxIn);
        int o = (int)Math.Ceiling((double)(i + 2 * p - k) / s) + 1;
        while (o > 1 && ((o - 1) * s - p >= i || o > i))
        {
            o--;
        }

        return (i, k, s, p, Math.Max(o, 1));
    }

    /// <summary>A Q31 multiplier in [2^30, 2^31) and a shift, like TFLite's QuantizeMultiplier of a scale &lt; 1.</summary>
    public (int Mult, int Shift) Quant() => (Int(1 << 30, int.MaxValue - 1), Chance(0.1) ? Int(0, 2) : Int(-12, -1));
}
