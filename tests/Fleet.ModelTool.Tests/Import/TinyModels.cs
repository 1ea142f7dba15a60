// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Tests.Import;

/// <summary>
/// One small CNN written both as ONNX and as Caffe (prototxt + caffemodel), with an independent NCHW float
/// reference: input 2x6x6, conv 3@3x3 pad 1 (+ batch norm) → ReLU → max pool 2/2 → flatten → fully connected 4 →
/// softmax. Weights are seeded pseudo-random, so every run builds the same files.
/// </summary>
internal sealed class TinyModels
{
    public const int H = 6, W = 6, K = 3, Oc = 3, Units = 4;

    public TinyModels(int seed = 7, int channels = 2)
    {
        C = channels;
        var rng = new Random(seed);
        float R() => (float)((rng.NextDouble() * 2) - 1);
        ConvW = Enumerable.Range(0, Oc * C * K * K).Select(_ => R() * 0.5f).ToArray();
        ConvB = Enumerable.Range(0, Oc).Select(_ => R() * 0.1f).ToArray();
        Gamma = Enumerable.Range(0, Oc).Select(_ => 0.5f + Math.Abs(R())).ToArray();
        Beta = Enumerable.Range(0, Oc).Select(_ => R() * 0.2f).ToArray();
        Mean = Enumerable.Range(0, Oc).Select(_ => R() * 0.3f).ToArray();
        Var = Enumerable.Range(0, Oc).Select(_ => 0.5f + Math.Abs(R())).ToArray();
        FcW = Enumerable.Range(0, Units * Oc * 3 * 3).Select(_ => R() * 0.5f).ToArray();
        FcB = Enumerable.Range(0, Units).Select(_ => R() * 0.1f).ToArray();
    }

    public int C { get; }

    public float[] ConvW { get; }

    public float[] ConvB { get; }

    public float[] Gamma { get; }

    public float[] Beta { get; }

    public float[] Mean { get; }

    public float[] Var { get; }

    public float[] FcW { get; }

    public float[] FcB { get; }

    public const float Eps = 1e-5f;

    /// <summary>The reference in NCHW, written straight from the op definitions.</summary>
    public float[] Reference(float[] nchw, bool batchNorm, bool softmax)
    {
        var conv = new float[Oc, H, W];
        for (int o = 0; o < Oc; o++)
        {
            for (int y = 0; y < H; y++)
            {
                for (int x = 0; x < W; x++)
                {
                    float s = ConvB[o];
                    for (int c = 0; c < C; c++)
                    {
                        for (int ky = 0; ky < K; ky++)
                        {
                            for (int kx = 0; kx < K; kx++)
                            {
                                int iy = y + ky - 1, ix = x + kx - 1;
                                if (iy >= 0 && iy < H && ix >= 0 && ix < W)
                                {
                                    s += ConvW[(((o * C) + c) * K + ky) * K + kx] * nchw[((c * H) + iy) * W + ix];
                                }
                            }
                        }
                    }

                    if (batchNorm)
                    {
                        s = ((s - Mean[o]) / MathF.Sqrt(Var[o] + Eps) * Gamma[o]) + Beta[o];
                    }

                    conv[o, y, x] = Math.Max(s, 0);
                }
            }
        }

        var flat = new float[Oc * 3 * 3];
        for (int o = 0; o < Oc; o++)
        {
            for (int y = 0; y < 3; y++)
            {
                for (int x = 0; x < 3; x++)
                {
                    flat[((o * 3) + y) * 3 + x] = Math.Max(Math.Max(conv[o, 2 * y, 2 * x], conv[o, 2 * y, (2 * x) + 1]),
                        Math.Max(conv[o, (2 * y) + 1, 2 * x], conv[o, (2 * y) + 1, (2 * x) + 1]));
                }
            }
        }

        var logits = new float[Units];
        for (int u = 0; u < Units; u++)
        {
            logits[u] = FcB[u] + flat.Select((v, j) => v * FcW[(u * flat.Length) + j]).Sum();
        }

        if (!softmax)
        {
            return logits;
        }

        float m = logits.Max();
        float[] e = logits.Select(v => MathF.Exp(v - m)).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }

    public float[] ToHwc(float[] nchw)
    {
        var hwc = new float[nchw.Length];
        for (int c = 0; c < C; c++)
        {
            for (int y = 0; y < H; y++)
            {
                for (int x = 0; x < W; x++)
                {
                    hwc[(((y * W) + x) * C) + c] = nchw[((c * H) + y) * W + x];
                }
            }
        }

        return hwc;
    }

    /// <summary>ONNX as torch.onnx.export writes it: initializers, Conv, BatchNormalization, Relu, MaxPool, then Flatten or the Shape/Gather/Unsqueeze/Concat/Reshape chain, Gemm, Softmax.</summary>
    public byte[] Onnx(bool viewReshape = false, string reluOp = "Relu")
    {
        var graph = new ProtoWriter();
        ProtoWriter Node(string op, string[] ins, string[] outs, params ProtoWriter[] attrs)
        {
            var n = new ProtoWriter();
            foreach (string i in ins)
            {
                n.String(1, i);
            }

            foreach (string o in outs)
            {
                n.String(2, o);
            }

            n.String(3, $"{op}_{outs[0]}").String(4, op);
            foreach (ProtoWriter a in attrs)
            {
                n.Message(5, a);
            }

            return n;
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

        ProtoWriter IntAttr(string name, long v) => new ProtoWriter().String(1, name).Int(3, v).Int(20, 2);
        ProtoWriter FloatAttr(string name, float v) => new ProtoWriter().String(1, name).Float(2, v).Int(20, 1);

        graph.Message(1, Node("Conv", ["input", "conv.weight", "conv.bias"], ["c1"], Ints("kernel_shape", K, K), Ints("pads", 1, 1, 1, 1), Ints("strides", 1, 1)));
        graph.Message(1, Node("BatchNormalization", ["c1", "bn.weight", "bn.bias", "bn.mean", "bn.var"], ["b1"], FloatAttr("epsilon", Eps)));
        graph.Message(1, Node(reluOp, ["b1"], ["r1"]));
        graph.Message(1, Node("MaxPool", ["r1"], ["p1"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)));
        if (viewReshape)
        {
            graph.Message(1, Node("Shape", ["p1"], ["s0"]));
            graph.Message(1, Node("Constant", [], ["zero"], new ProtoWriter().String(1, "value").Message(5, Tensor("", [], null, [0])).Int(20, 4)));
            graph.Message(1, Node("Gather", ["s0", "zero"], ["s1"], IntAttr("axis", 0)));
            graph.Message(1, Node("Unsqueeze", ["s1", "axes0"], ["s2"]));
            graph.Message(1, Node("Concat", ["s2", "minus1"], ["s3"], IntAttr("axis", 0)));
            graph.Message(1, Node("Reshape", ["p1", "s3"], ["f1"]));
        }
        else
        {
            graph.Message(1, Node("Flatten", ["p1"], ["f1"], IntAttr("axis", 1)));
        }

        graph.Message(1, Node("Gemm", ["f1", "fc.weight", "fc.bias"], ["g1"], FloatAttr("alpha", 1), FloatAttr("beta", 1), IntAttr("transB", 1)));
        graph.Message(1, Node("Softmax", ["g1"], ["output"], IntAttr("axis", 1)));
        graph.String(2, "tiny");
        graph.Message(5, Tensor("conv.weight", [Oc, C, K, K], ConvW));
        graph.Message(5, Tensor("conv.bias", [Oc], ConvB));
        graph.Message(5, Tensor("bn.weight", [Oc], Gamma));
        graph.Message(5, Tensor("bn.bias", [Oc], Beta));
        graph.Message(5, Tensor("bn.mean", [Oc], Mean));
        graph.Message(5, Tensor("bn.var", [Oc], Var));
        graph.Message(5, Tensor("fc.weight", [Units, Oc * 9], FcW));
        graph.Message(5, Tensor("fc.bias", [Units], FcB));
        graph.Message(5, Tensor("axes0", [1], null, [0]));
        graph.Message(5, Tensor("minus1", [1], null, [-1]));
        graph.Message(11, ValueInfo("input", [1, C, H, W]));
        graph.Message(12, ValueInfo("output", [1, Units]));
        return new ProtoWriter().Int(1, 8).String(2, "pytorch").Message(8, new ProtoWriter().String(1, "").Int(2, 13)).Message(7, graph).ToArray();
    }

    /// <summary>ONNX TensorProto: float data as raw_data (as torch writes it) or int64 values.</summary>
    public static ProtoWriter Tensor(string name, long[] dims, float[]? data, long[]? ints = null)
    {
        var t = new ProtoWriter();
        foreach (long d in dims)
        {
            t.Int(1, d);
        }

        t.Int(2, data is null ? 7 : 1).String(8, name);
        if (data is not null)
        {
            var raw = new byte[data.Length * 4];
            for (int i = 0; i < data.Length; i++)
            {
                BitConverter.TryWriteBytes(raw.AsSpan(4 * i), data[i]);
            }

            t.Bytes(9, raw);
        }
        else
        {
            t.PackedInts(7, ints!);
        }

        return t;
    }

    private static ProtoWriter ValueInfo(string name, long[] dims)
    {
        var shape = new ProtoWriter();
        foreach (long d in dims)
        {
            shape.Message(1, new ProtoWriter().Int(1, d));
        }

        var tensor = new ProtoWriter().Int(1, 1).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensor));
    }

    /// <summary>The same net as a Caffe prototxt (Input layer, BatchNorm + Scale, ceil-mode pooling).</summary>
    public static string Prototxt => """
        name: "Tiny"  # a comment
        layer { name: "data" type: "Input" top: "data" input_param { shape: { dim: 1 dim: 2 dim: 6 dim: 6 } } }
        layer {
          name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
          convolution_param { num_output: 3 kernel_size: 3 pad: 1 stride: 1 }
        }
        layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1" batch_norm_param { eps: 1e-5 } }
        layer { name: "scale1" type: "Scale" bottom: "conv1" top: "conv1" scale_param { bias_term: true } }
        layer { name: "drop" type: "Dropout" bottom: "conv1" top: "conv1" include { phase: TRAIN } }
        layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
        layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
        layer { name: "ip1" type: "InnerProduct" bottom: "pool1" top: "ip1" inner_product_param { num_output: 4 } }
        layer { name: "prob" type: "Softmax" bottom: "ip1" top: "prob" }
        layer { name: "loss" type: "SoftmaxWithLoss" bottom: "ip1" bottom: "label" top: "loss" include: { phase: TRAIN } }
        """;

    /// <summary>The caffemodel: NetParameter.layer (100) { name (1), type (2), blobs (7) { shape (7) { dim (1) }, data (5) } }.</summary>
    public byte[] Caffemodel()
    {
        ProtoWriter Blob(long[] shape, float[] data)
        {
            var s = new ProtoWriter();
            s.PackedInts(1, shape);
            return new ProtoWriter().Message(7, s).PackedFloats(5, data);
        }

        ProtoWriter Layer(string name, string type, params ProtoWriter[] blobs)
        {
            var l = new ProtoWriter().String(1, name).String(2, type);
            foreach (ProtoWriter b in blobs)
            {
                l.Message(7, b);
            }

            return l;
        }

        // Caffe's BatchNorm stores mean and variance times a moving-average factor (here 2) and the factor.
        return new ProtoWriter()
            .String(1, "Tiny")
            .Message(100, Layer("conv1", "Convolution", Blob([Oc, C, K, K], ConvW), Blob([Oc], ConvB)))
            .Message(100, Layer("bn1", "BatchNorm", Blob([Oc], Mean.Select(v => v * 2).ToArray()), Blob([Oc], Var.Select(v => v * 2).ToArray()), Blob([1], [2f])))
            .Message(100, Layer("scale1", "Scale", Blob([Oc], Gamma), Blob([Oc], Beta)))
            .Message(100, Layer("ip1", "InnerProduct", Blob([Units, Oc * 9], FcW), Blob([Units], FcB)))
            .ToArray();
    }
}
