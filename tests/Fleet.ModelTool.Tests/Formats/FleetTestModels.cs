// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Formats;

namespace Fleet.ModelTool.Tests.Formats;

/// <summary>
/// Small synthetic Fleet models, one per scheme, that use every op and every tensor kind, with values inside
/// the format's ranges (random weights from a fixed seed, so the blobs are reproducible).
/// </summary>
internal static class FleetTestModels
{
    /// <summary>q7, RGB 8×8 with per-channel means and shifts: conv, relu, depthwise, max pool, relu6, avg pool, fc, softmax.</summary>
    public static FleetModelSpec Q7()
    {
        var rng = new Random(7);
        return new FleetModelSpec(FleetModelScheme.Q7, "test.q7-all_ops", 42,
            FleetInputSpec.Q7(8, 8, 3, NetworkResize.Bilinear, [128, 120, 110], [8, 7, 9]),
            ["alpha", "beta", "gamma", "delta", "epsilon"],
            [
                new(FleetLayerOp.Conv, 8, 8, 4, 3, 3, 1, 1, 1, 1, BiasLShift: 1, OutRShift: 7,
                    Weights: Bytes(rng, 4 * 3 * 3 * 3), Bias: Bytes(rng, 4)),
                new(FleetLayerOp.Relu, 8, 8, 4),
                new(FleetLayerOp.DepthwiseConv, 8, 8, 4, 3, 3, 1, 1, 1, 1, ChannelMultiplier: 1, OutRShift: 6,
                    Rounding: 1, Weights: Bytes(rng, 3 * 3 * 4), Bias: Bytes(rng, 4)),
                new(FleetLayerOp.MaxPool, 4, 4, 4, 2, 2, 2, 2),
                new(FleetLayerOp.Relu6, 4, 4, 4, FracBits: 4),
                new(FleetLayerOp.AvgPool, 2, 2, 4, 2, 2, 2, 2),
                new(FleetLayerOp.FullyConnected, 1, 1, 5, OutRShift: 7, Weights: Bytes(rng, 5 * 16), Bias: Bytes(rng, 5)),
                new(FleetLayerOp.Softmax, 1, 1, 5),
            ]);
    }

    /// <summary>s8, gray 6×6: conv, depthwise ×2, max pool, relu, relu6, avg pool, fc (no bias), softmax.</summary>
    public static FleetModelSpec S8()
    {
        var rng = new Random(8);
        return new FleetModelSpec(FleetModelScheme.S8, "test.s8", 7,
            FleetInputSpec.S8(6, 6, 1, NetworkResize.Nearest, [127, 0, 0], [1 / 127.5f, 0, 0], 1 / 128f, -1),
            ["no", "maybe", "yes"],
            [
                new(FleetLayerOp.Conv, 3, 3, 4, 3, 3, 2, 2, 1, 1, InputZeroPoint: -1, OutputZeroPoint: 3, ActMin: -128,
                    ActMax: 127, Weights: Bytes(rng, 4 * 3 * 3), Bias: Int32Bytes(rng, 4),
                    Multipliers: Mults(rng, 4), Shifts: [-7, -8, -6, -7]),
                new(FleetLayerOp.DepthwiseConv, 3, 3, 8, 3, 3, 1, 1, 1, 1, ChannelMultiplier: 2, InputZeroPoint: 3,
                    ActMin: -128, ActMax: 127, Weights: Bytes(rng, 3 * 3 * 8), Bias: Int32Bytes(rng, 8),
                    Multipliers: Mults(rng, 8), Shifts: [-6, -6, -6, -6, -7, -7, -7, -7]),
                new(FleetLayerOp.MaxPool, 2, 2, 8, 2, 2, 1, 1, ActMin: -128, ActMax: 127),
                new(FleetLayerOp.Relu, 2, 2, 8, ActMin: 0, ActMax: 127),
                new(FleetLayerOp.Relu6, 2, 2, 8, ActMin: 0, ActMax: 100),
                new(FleetLayerOp.AvgPool, 1, 1, 8, 2, 2, 2, 2, ActMin: -128, ActMax: 127),
                new(FleetLayerOp.FullyConnected, 1, 1, 3, OutputZeroPoint: 2, ActMin: -128, ActMax: 127,
                    Weights: Bytes(rng, 3 * 8), Multipliers: [1 << 30], Shifts: [-5]),
                new(FleetLayerOp.Softmax, 1, 1, 3, InputZeroPoint: 2, OutputZeroPoint: -128, ActMin: -128, ActMax: 127,
                    SoftmaxMultiplier: 1 << 30, SoftmaxShift: 5, SoftmaxDiffMin: -248),
            ]);
    }

    private static byte[] Bytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    private static byte[] Int32Bytes(Random rng, int n)
    {
        var b = new byte[4 * n];
        for (int i = 0; i < n; i++)
        {
            BitConverter.TryWriteBytes(b.AsSpan(4 * i), rng.Next(-2000, 2000));
        }

        return b;
    }

    private static int[] Mults(Random rng, int n) => Enumerable.Range(0, n).Select(_ => rng.Next(1 << 30, int.MaxValue)).ToArray();
}
