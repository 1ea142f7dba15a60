// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Import;
using Fleet.ModelTool.Quantize;
using Fleet.ModelTool.Tests.Import;
using Xunit.Abstractions;

namespace Fleet.ModelTool.Tests.Quantize;

/// <summary>
/// A ~1.09 M-parameter ONNX CNN (28x28x1 → conv 32@5x5 → relu → max 2 → conv 64@5x5 → relu → max 2 → Gemm 1000
/// → relu → Gemm 10) quantized to q7: it must import, search and run on the C engine. The elapsed time is printed,
/// never asserted. 100 calibration images by default so a Debug test run stays short; the figure (500
/// images, Release) is this test with FLEET_BENCH_CALIBRATION=500, see docs/model-toolchain.md.
/// </summary>
public sealed class MillionParameterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-1m-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void OneMillionParameters_QuantizeAndRun()
    {
        string model = Path.Combine(_dir, "big.onnx");
        File.WriteAllBytes(model, BigOnnx());
        int count = int.TryParse(Environment.GetEnvironmentVariable("FLEET_BENCH_CALIBRATION"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 100;
        var rng = new Random(9);
        byte[][] images = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 784).Select(_ => (byte)rng.Next(256)).ToArray()).ToArray();
        string img = Path.Combine(_dir, "images.idx"), lab = Path.Combine(_dir, "labels.idx");
        TinyQuantModels.WriteIdx(img, lab, images, 28, 28, images.Select(_ => (byte)rng.Next(10)).ToArray());
        var o = new QuantizeOptions(model, null, null, img, null, count, [0], 1f / 256, "q7", Path.Combine(_dir, "big.network"),
            null, null, "big", 1, null, null, null);
        QuantizeResult r = QuantizePipeline.Run(o, null, null);
        output.WriteLine($"{r.Parameters:N0} parameters, {r.Macs:N0} MACs, {count} calibration images: quantize {r.QuantizeSeconds:0.0} s, " +
                         $"{r.CandidatesTried} candidates");
        Assert.InRange(r.Parameters, 1_000_000, 1_200_000);
        using NetworkModel net = NetworkModel.Load(File.ReadAllBytes(o.OutPath));
        Assert.Equal(10, net.Info.Outputs);
    }

    /// <summary>Writes the ONNX model with the test's protobuf writer (seeded weights, He-scaled).</summary>
    public static byte[] BigOnnx()
    {
        var rng = new Random(21);
        float[] R(int n, double fanIn) => Enumerable.Range(0, n).Select(_ => (float)(((rng.NextDouble() * 2) - 1) * Math.Sqrt(6 / fanIn))).ToArray();
        var graph = new ProtoWriter();
        void Node(string op, string[] ins, string output, params ProtoWriter[] attrs)
        {
            var n = new ProtoWriter();
            foreach (string i in ins)
            {
                n.String(1, i);
            }

            n.String(2, output).String(4, op);
            foreach (ProtoWriter a in attrs)
            {
                n.Message(5, a);
            }

            graph.Message(1, n);
        }

        ProtoWriter Ints(string name, params long[] v)
        {
            var a = new ProtoWriter().String(1, name);
            foreach (long x in v)
            {
                a.Int(8, x);
            }

            return a.Int(20, 7);
        }

        ProtoWriter TransB() => new ProtoWriter().String(1, "transB").Int(3, 1).Int(20, 2);
        Node("Conv", ["x", "w1", "b1"], "c1", Ints("kernel_shape", 5, 5));
        Node("Relu", ["c1"], "r1");
        Node("MaxPool", ["r1"], "p1", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        Node("Conv", ["p1", "w2", "b2"], "c2", Ints("kernel_shape", 5, 5));
        Node("Relu", ["c2"], "r2");
        Node("MaxPool", ["r2"], "p2", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        Node("Flatten", ["p2"], "f");
        Node("Gemm", ["f", "w3", "b3"], "g3", TransB());
        Node("Relu", ["g3"], "r3");
        Node("Gemm", ["r3", "w4", "b4"], "y", TransB());
        graph.Message(5, TinyModels.Tensor("w1", [32, 1, 5, 5], R(800, 25)));
        graph.Message(5, TinyModels.Tensor("b1", [32], new float[32]));
        graph.Message(5, TinyModels.Tensor("w2", [64, 32, 5, 5], R(51_200, 800)));
        graph.Message(5, TinyModels.Tensor("b2", [64], new float[64]));
        graph.Message(5, TinyModels.Tensor("w3", [1000, 1024], R(1_024_000, 1024)));
        graph.Message(5, TinyModels.Tensor("b3", [1000], new float[1000]));
        graph.Message(5, TinyModels.Tensor("w4", [10, 1000], R(10_000, 1000)));
        graph.Message(5, TinyModels.Tensor("b4", [10], new float[10]));
        var shape = new ProtoWriter();
        foreach (long d in new long[] { 1, 1, 28, 28 })
        {
            shape.Message(1, new ProtoWriter().Int(1, d));
        }

        graph.Message(11, new ProtoWriter().String(1, "x").Message(2, new ProtoWriter().Message(1, new ProtoWriter().Int(1, 1).Message(2, shape))));
        return new ProtoWriter().Int(1, 8).Message(8, new ProtoWriter().String(1, "").Int(2, 17)).Message(7, graph).ToArray();
    }
}
