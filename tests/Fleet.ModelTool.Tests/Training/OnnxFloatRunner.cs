// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Tests.Training;

/// <summary>MACs and parameters of one conv / fully connected node, recomputed from the graph.</summary>
public sealed record OnnxLayerCost(string OpType, long Macs, long Params);

/// <summary>
/// A plain float32 interpreter for the ops the Fleet engine has (Conv incl. grouped/depthwise, Relu, MaxPool,
/// AveragePool, Flatten, Gemm, Softmax), batch 1, NCHW. It exists to check the committed reference models from their
/// bytes alone: their MACs and parameters, and their held-out accuracy. Anything else is rejected, so a model that
/// needs an op the engine lacks fails here first.
/// </summary>
public sealed class OnnxFloatRunner
{
    public static readonly IReadOnlySet<string> EngineOps =
        new HashSet<string>(StringComparer.Ordinal) { "Conv", "Relu", "MaxPool", "AveragePool", "Flatten", "Gemm", "Softmax" };

    private readonly OnnxFile _model;

    public OnnxFloatRunner(OnnxFile model)
    {
        _model = model;
        foreach (OnnxNode n in model.Nodes)
        {
            if (!EngineOps.Contains(n.OpType))
            {
                throw new NotSupportedException($"op {n.OpType} is not one the Fleet engine has");
            }
        }
    }

    /// <summary>Input shape without the batch dimension (which must be 1).</summary>
    public int[] InputShape => _model.InputShape[0] == 1
        ? _model.InputShape.Skip(1).Select(d => checked((int)d)).ToArray()
        : throw new InvalidDataException($"batch {_model.InputShape[0]}, expected 1");

    public float[] Run(float[] input) => Execute(input, costs: null);

    /// <summary>Per conv / Gemm node: MACs counting every tap including padding, weights + biases.</summary>
    public IReadOnlyList<OnnxLayerCost> Costs()
    {
        var costs = new List<OnnxLayerCost>();
        Execute(new float[InputShape.Aggregate(1, (a, d) => a * d)], costs);
        return costs;
    }

    private float[] Execute(float[] input, List<OnnxLayerCost>? costs)
    {
        var values = new Dictionary<string, (float[] Data, int[] Shape)>(StringComparer.Ordinal)
        {
            [_model.InputName] = (input, InputShape),
        };
        foreach (OnnxNode n in _model.Nodes)
        {
            (float[] x, int[] s) = values[n.Inputs[0]];
            values[n.Outputs[0]] = n.OpType switch
            {
                "Conv" => Conv(n, x, s, costs),
                "Relu" => (x.Select(v => v > 0 ? v : 0f).ToArray(), s),
                "MaxPool" => Pool(n, x, s, max: true),
                "AveragePool" => Pool(n, x, s, max: false),
                "Flatten" => (x, [x.Length]),
                "Gemm" => Gemm(n, x, costs),
                "Softmax" => (Softmax(x), s),
                _ => throw new NotSupportedException(n.OpType),
            };
        }

        return values[_model.OutputName].Data;
    }

    private OnnxTensor Init(OnnxNode n, int i) =>
        i < n.Inputs.Count && _model.Initializers.TryGetValue(n.Inputs[i], out OnnxTensor? t)
            ? t
            : throw new InvalidDataException($"{n.OpType}: input {i} is not a constant initializer");

    private (float[], int[]) Conv(OnnxNode n, float[] x, int[] s, List<OnnxLayerCost>? costs)
    {
        OnnxTensor w = Init(n, 1);
        float[]? bias = n.Inputs.Count > 2 ? Init(n, 2).Data : null;
        int group = (int)n.IntOr("group", 1);
        long[] pads = n.IntsOr("pads", 0, 0, 0, 0);
        long[] strides = n.IntsOr("strides", 1, 1);
        if (n.IntsOr("dilations", 1, 1).Any(d => d != 1))
        {
            throw new NotSupportedException("dilated conv");
        }

        int c = s[0], h = s[1], wd = s[2];
        int m = (int)w.Dims[0], cg = (int)w.Dims[1], kh = (int)w.Dims[2], kw = (int)w.Dims[3];
        int pt = (int)pads[0], pl = (int)pads[1], pb = (int)pads[2], pr = (int)pads[3];
        int sy = (int)strides[0], sx = (int)strides[1];
        if (cg * group != c || m % group != 0)
        {
            throw new InvalidDataException($"conv: {c} input channels, weights {cg} x group {group}");
        }

        int oh = (h + pt + pb - kh) / sy + 1, ow = (wd + pl + pr - kw) / sx + 1;
        var y = new float[m * oh * ow];
        int mg = m / group;
        for (int o = 0; o < m; o++)
        {
            int g = o / mg;
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    double acc = bias?[o] ?? 0f;
                    for (int ci = 0; ci < cg; ci++)
                    {
                        int ic = g * cg + ci;
                        for (int ky = 0; ky < kh; ky++)
                        {
                            int iy = oy * sy - pt + ky;
                            if (iy < 0 || iy >= h) continue;
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int ix = ox * sx - pl + kx;
                                if (ix < 0 || ix >= wd) continue;
                                acc += x[(ic * h + iy) * wd + ix] * w.Data[((o * cg + ci) * kh + ky) * kw + kx];
                            }
                        }
                    }

                    y[(o * oh + oy) * ow + ox] = (float)acc;
                }
            }
        }

        costs?.Add(new OnnxLayerCost("Conv", (long)oh * ow * m * kh * kw * cg, w.Data.Length + (bias?.Length ?? 0)));
        return (y, [m, oh, ow]);
    }

    private static (float[], int[]) Pool(OnnxNode n, float[] x, int[] s, bool max)
    {
        long[] k = n.IntsOr("kernel_shape");
        long[] strides = n.IntsOr("strides", k);
        if (n.IntsOr("pads", 0, 0, 0, 0).Any(p => p != 0) || n.IntOr("ceil_mode", 0) != 0)
        {
            throw new NotSupportedException("padded or ceil-mode pooling");
        }

        int c = s[0], h = s[1], w = s[2], kh = (int)k[0], kw = (int)k[1], sy = (int)strides[0], sx = (int)strides[1];
        int oh = (h - kh) / sy + 1, ow = (w - kw) / sx + 1;
        var y = new float[c * oh * ow];
        for (int ch = 0; ch < c; ch++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    float best = float.NegativeInfinity, sum = 0f;
                    for (int ky = 0; ky < kh; ky++)
                    {
                        for (int kx = 0; kx < kw; kx++)
                        {
                            float v = x[(ch * h + oy * sy + ky) * w + ox * sx + kx];
                            best = Math.Max(best, v);
                            sum += v;
                        }
                    }

                    y[(ch * oh + oy) * ow + ox] = max ? best : sum / (kh * kw);
                }
            }
        }

        return (y, [c, oh, ow]);
    }

    private (float[], int[]) Gemm(OnnxNode n, float[] x, List<OnnxLayerCost>? costs)
    {
        OnnxTensor b = Init(n, 1);
        float[]? c = n.Inputs.Count > 2 ? Init(n, 2).Data : null;
        bool transB = n.IntOr("transB", 0) == 1;
        if (n.IntOr("transA", 0) != 0 || n.Floats.GetValueOrDefault("alpha", 1f) != 1f
            || n.Floats.GetValueOrDefault("beta", 1f) != 1f)
        {
            throw new NotSupportedException("Gemm with transA, alpha or beta");
        }

        int k = (int)(transB ? b.Dims[1] : b.Dims[0]), outs = (int)(transB ? b.Dims[0] : b.Dims[1]);
        if (k != x.Length)
        {
            throw new InvalidDataException($"Gemm: {x.Length} inputs, weights expect {k}");
        }

        var y = new float[outs];
        for (int o = 0; o < outs; o++)
        {
            double acc = c?[o] ?? 0f;
            for (int i = 0; i < k; i++)
            {
                acc += x[i] * b.Data[transB ? o * k + i : i * outs + o];
            }

            y[o] = (float)acc;
        }

        costs?.Add(new OnnxLayerCost("Gemm", (long)k * outs, b.Data.Length + (c?.Length ?? 0)));
        return (y, [outs]);
    }

    private static float[] Softmax(float[] x)
    {
        float max = x.Max();
        double[] e = x.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => (float)(v / sum)).ToArray();
    }
}
