// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Import;
using Fleet.ModelTool.Quantize;

namespace Fleet.ModelTool.Tests.Quantize;

/// <summary>Small float graphs built in memory and a seeded calibration set of gray "images" for the quantizer tests.</summary>
internal static class TinyQuantModels
{
    /// <summary>8x8x1 → conv 4@3x3 p1 → relu → max 2/2 → conv 6@3x3 p1 → relu → avg 2/2 → fc 3 (q7 and int8).</summary>
    public static FloatGraph Chain(int seed = 11, bool depthwise = false, bool softmax = false)
    {
        var rng = new Random(seed);
        float[] R(int n, float s) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1) * s).ToArray();
        var layers = new List<FloatLayer>
        {
            new(FloatOp.Conv, "conv1", new(8, 8, 1), new(8, 8, 4), 3, 3, 1, 1, 1, 1, R(4 * 9, 0.6f), R(4, 0.2f)),
            new(FloatOp.Relu, "relu1", new(8, 8, 4), new(8, 8, 4)),
            new(FloatOp.MaxPool, "pool1", new(8, 8, 4), new(4, 4, 4), 2, 2, 2, 2),
        };
        if (depthwise)
        {
            layers.Add(new(FloatOp.DepthwiseConv, "dw", new(4, 4, 4), new(4, 4, 4), 3, 3, 1, 1, 1, 1, R(9 * 4, 0.5f), R(4, 0.1f)));
            layers.Add(new(FloatOp.Relu, "relu_dw", new(4, 4, 4), new(4, 4, 4)));
        }

        layers.Add(new(FloatOp.Conv, "conv2", new(4, 4, 4), new(4, 4, 6), 3, 3, 1, 1, 1, 1, R(6 * 9 * 4, 0.4f), R(6, 0.2f)));
        layers.Add(new(FloatOp.Relu, "relu2", new(4, 4, 6), new(4, 4, 6)));
        layers.Add(new(FloatOp.AvgPool, "pool2", new(4, 4, 6), new(2, 2, 6), 2, 2, 2, 2));
        layers.Add(new(FloatOp.FullyConnected, "fc", new(2, 2, 6), new(1, 1, 3), Weights: R(3 * 24, 0.5f), Bias: R(3, 0.2f)));
        if (softmax)
        {
            layers.Add(new(FloatOp.Softmax, "prob", new(1, 1, 3), new(1, 1, 3)));
        }

        return FloatGraph.Create("test", new TensorShape(8, 8, 1), layers);
    }

    /// <summary>Seeded 8x8 gray images: smooth gradients plus noise, so activations have structure.</summary>
    public static byte[][] Images(int count, int seed = 3)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            double a = rng.NextDouble() * 6, b = rng.NextDouble() * 6;
            return Enumerable.Range(0, 64).Select(i => (byte)Math.Clamp(128 + (90 * Math.Sin((a * (i % 8) / 8) + (b * (i / 8) / 8))) + rng.Next(-20, 21), 0, 255)).ToArray();
        }).ToArray();
    }

    public static readonly InputPreprocessing Pre = new([128], 1f / 128);

    public static CalibrationSet Calibration(FloatGraph g, byte[][] images) =>
        CalibrationSet.FromTensors(images.Select(im => Pre.Apply(im, 8, 8, g.Input)).ToArray(), null);

    /// <summary>Writes an IDX3 (n, h, w) image file and an IDX1 label file.</summary>
    public static void WriteIdx(string imagesPath, string labelsPath, byte[][] images, int h, int w, byte[] labels)
    {
        using (var f = new BinaryWriter(File.Create(imagesPath)))
        {
            f.Write(new byte[] { 0, 0, 8, 3 });
            foreach (int d in new[] { images.Length, h, w })
            {
                f.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(d));
            }

            foreach (byte[] im in images)
            {
                f.Write(im);
            }
        }

        using (var f = new BinaryWriter(File.Create(labelsPath)))
        {
            f.Write(new byte[] { 0, 0, 8, 1 });
            f.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(labels.Length));
            f.Write(labels);
        }
    }
}
