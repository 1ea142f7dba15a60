// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Formats;
using Fleet.ModelTool.Import;

namespace Fleet.ModelTool.Quantize;

/// <summary>
/// int8 in the CMSIS-NN s8 / TFLite Micro convention (spec cmsis-nn §1.4), emitting a Fleet v1 spec: weights
/// symmetric per output channel for conv and depthwise (scale = max|w_c| / 127, zero point 0), per tensor for
/// fully connected; bias int32 at scale s_in·s_w; activations asymmetric per tensor from the calibration min/max
/// (the range always holds 0, so 0 is exact); requantization multiplier and shift from s_in·s_w / s_out as
/// TFLite's QuantizeMultiplier. A ReLU right after a conv or fc is fused into its clamp (act_min = the zero
/// point) and not emitted; pools keep their input's scale; softmax outputs scale 1/256, zero point −128, with
/// TFLite's beta = 1 input scaling (5 integer bits). Input spec: s8_scale = the preprocessing scale, s8_input_scale
/// and zero point from the input range.
/// </summary>
public static class S8Quantizer
{
    public static QuantizedModel Quantize(FloatGraph graph, InputPreprocessing pre, CalibrationSet cal, string modelId,
        uint modelVersion, IReadOnlyList<string> labels, Action<string, int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(pre);
        ArgumentNullException.ThrowIfNull(cal);
        int n = graph.Layers.Count;
        var engine = new FloatEngine(graph);
        var min = Enumerable.Repeat(0f, n + 1).ToArray(); // every range includes 0
        var max = Enumerable.Repeat(0f, n + 1).ToArray();
        var gate = new object();
        progress?.Invoke("calibration ranges", 1, 2);
        Parallel.For(0, cal.Count, () => (Min: new float[n + 1], Max: new float[n + 1]), (img, _, acc) =>
        {
            foreach (float v in cal.Inputs[img])
            {
                acc.Min[0] = Math.Min(acc.Min[0], v);
                acc.Max[0] = Math.Max(acc.Max[0], v);
            }

            engine.Run(0, cal.Inputs[img], (j, y) =>
            {
                foreach (float v in y)
                {
                    acc.Min[j + 1] = Math.Min(acc.Min[j + 1], v);
                    acc.Max[j + 1] = Math.Max(acc.Max[j + 1], v);
                }
            });
            return acc;
        }, acc =>
        {
            lock (gate)
            {
                for (int j = 0; j <= n; j++)
                {
                    min[j] = Math.Min(min[j], acc.Min[j]);
                    max[j] = Math.Max(max[j], acc.Max[j]);
                }
            }
        });

        progress?.Invoke("requantization", 2, 2);
        (double inScale, int inZp) = Affine(min[0], max[0]);
        FleetInputSpec input;
        if (cal.IsTensor)
        {
            input = FleetInputSpec.S8Tensor(graph.Input.H, graph.Input.W, graph.Input.C, (float)inScale, (sbyte)inZp);
        }
        else
        {
            if (pre.Mean.Any(m => m is < 0 or > 255) || !(pre.Scale > 0) || !float.IsNormal(pre.Scale))
            {
                throw new ModelToolException("int8 input spec: --mean must be 0..255 and --scale a positive normal number");
            }

            input = FleetInputSpec.S8(graph.Input.H, graph.Input.W, graph.Input.C, NetworkResize.Nearest,
                Enumerable.Range(0, 3).Select(c => c < graph.Input.C ? (byte)pre.MeanOf(c) : (byte)0).ToArray(),
                Enumerable.Range(0, 3).Select(c => c < graph.Input.C ? pre.Scale : 0f).ToArray(), (float)inScale, (sbyte)inZp);
        }

        var specs = new List<FleetLayerSpec>();
        var plan = new List<(int Layer, double Scale, int Zp, float[]? WScales)>(); // per emitted layer, for the report
        double s = inScale;
        int zp = inZp;
        for (int i = 0; i < n; i++)
        {
            FloatLayer l = graph.Layers[i];
            TensorShape o = l.Output;
            switch (l.Op)
            {
                case FloatOp.Conv or FloatOp.DepthwiseConv or FloatOp.FullyConnected:
                {
                    bool fuse = i + 1 < n && graph.Layers[i + 1].Op == FloatOp.Relu;
                    int r = fuse ? i + 2 : i + 1;
                    (double os, int ozp) = Affine(min[r], max[r]);
                    bool fc = l.Op == FloatOp.FullyConnected;
                    int channels = o.C;
                    float[] w = l.Weights!;
                    var wScale = new float[fc ? 1 : channels];
                    var q = new sbyte[w.Length];
                    for (int c = 0; c < wScale.Length; c++)
                    {
                        float m = 0;
                        ForChannel(l, w.Length, fc ? -1 : c, k => m = Math.Max(m, Math.Abs(w[k])));
                        wScale[c] = m > 0 ? m / 127f : 1f;
                        float sc = wScale[c];
                        ForChannel(l, w.Length, fc ? -1 : c, k => q[k] = (sbyte)Math.Clamp(Math.Round(w[k] / sc, MidpointRounding.AwayFromZero), -127, 127));
                    }

                    var bias = new byte[4 * channels];
                    var mults = new int[wScale.Length];
                    var shifts = new int[wScale.Length];
                    for (int c = 0; c < channels; c++)
                    {
                        double bs = s * wScale[fc ? 0 : c];
                        double bq = Math.Round(l.Bias![c] / bs, MidpointRounding.AwayFromZero);
                        BinaryPrimitives.WriteInt32LittleEndian(bias.AsSpan(4 * c), (int)Math.Clamp(bq, int.MinValue, int.MaxValue));
                    }

                    for (int c = 0; c < wScale.Length; c++)
                    {
                        (mults[c], shifts[c]) = QuantMath.QuantizeMultiplier(s * wScale[c] / os);
                    }

                    FleetLayerOp op = l.Op switch
                    {
                        FloatOp.Conv => FleetLayerOp.Conv,
                        FloatOp.DepthwiseConv => FleetLayerOp.DepthwiseConv,
                        _ => FleetLayerOp.FullyConnected,
                    };
                    specs.Add(new FleetLayerSpec(op, o.H, o.W, o.C,
                        KernelH: l.KernelH, KernelW: l.KernelW, StrideH: l.StrideH, StrideW: l.StrideW, PadH: l.PadH, PadW: l.PadW,
                        ChannelMultiplier: op == FleetLayerOp.DepthwiseConv ? 1 : 0,
                        InputZeroPoint: (sbyte)zp, OutputZeroPoint: (sbyte)ozp, ActMin: fuse ? (sbyte)ozp : sbyte.MinValue,
                        ActMax: sbyte.MaxValue, Weights: (byte[])(Array)q, Bias: bias, Multipliers: mults, Shifts: shifts));
                    plan.Add((i, os, ozp, wScale));
                    if (fuse)
                    {
                        plan.Add((i + 1, os, ozp, null));
                        i++;
                    }

                    (s, zp) = (os, ozp);
                    break;
                }

                case FloatOp.MaxPool or FloatOp.AvgPool:
                    specs.Add(new FleetLayerSpec(l.Op == FloatOp.MaxPool ? FleetLayerOp.MaxPool : FleetLayerOp.AvgPool, o.H, o.W, o.C,
                        KernelH: l.KernelH, KernelW: l.KernelW, StrideH: l.StrideH, StrideW: l.StrideW, PadH: l.PadH, PadW: l.PadW,
                        InputZeroPoint: (sbyte)zp, OutputZeroPoint: (sbyte)zp, ActMin: sbyte.MinValue, ActMax: sbyte.MaxValue));
                    plan.Add((i, s, zp, null));
                    break;
                case FloatOp.Relu:
                    specs.Add(new FleetLayerSpec(FleetLayerOp.Relu, o.H, o.W, o.C, InputZeroPoint: (sbyte)zp, OutputZeroPoint: (sbyte)zp,
                        ActMin: (sbyte)zp, ActMax: sbyte.MaxValue));
                    plan.Add((i, s, zp, null));
                    break;
                default:
                {
                    (int mult, int shift, int diffMin) = SoftmaxParams(s);
                    specs.Add(new FleetLayerSpec(FleetLayerOp.Softmax, o.H, o.W, o.C, InputZeroPoint: (sbyte)zp, OutputZeroPoint: -128,
                        ActMin: sbyte.MinValue, ActMax: sbyte.MaxValue, SoftmaxMultiplier: mult, SoftmaxShift: shift, SoftmaxDiffMin: diffMin));
                    (s, zp) = (1.0 / 256, -128);
                    plan.Add((i, s, zp, null));
                    break;
                }
            }
        }

        if (specs.Count > FleetModelWriter.MaxLayers)
        {
            throw new ModelToolException($"{specs.Count} layers; the Fleet format allows at most {FleetModelWriter.MaxLayers}");
        }

        var spec = new FleetModelSpec(FleetModelScheme.S8, modelId, modelVersion, input, labels, specs);
        List<LayerReport> report = Report(graph, cal, inScale, inZp, plan, min, max);
        return new QuantizedModel("int8", null, spec, report, 0, [], s, zp);
    }

    /// <summary>Per-tensor asymmetric int8 for [lo, hi] (holding 0): scale (hi − lo)/255, zero point so lo maps to −128.</summary>
    public static (double Scale, int ZeroPoint) Affine(float lo, float hi)
    {
        lo = Math.Min(lo, 0);
        hi = Math.Max(hi, 0);
        double scale = hi > lo ? (hi - lo) / 255.0 : 1.0;
        int zp = (int)Math.Clamp(Math.Round(-128 - (lo / scale), MidpointRounding.AwayFromZero), -128, 127);
        return (scale, zp);
    }

    /// <summary>TFLite's PreprocessSoftmaxScaling(beta 1, input scale, 5 integer bits) and CalculateInputRadius.</summary>
    public static (int Multiplier, int Shift, int DiffMin) SoftmaxParams(double inputScale)
    {
        const int intBits = 5;
        double real = Math.Min(inputScale * (1L << (31 - intBits)), int.MaxValue);
        (int mult, int shift) = QuantMath.QuantizeMultiplier(real);
        if (shift < 0)
        {
            // A scale below 2^-26 would need a right shift; the kernel's shift is left-only, so fold it into the multiplier.
            mult = Math.Max(1, (int)Math.Round(mult * Math.ScaleB(1.0, shift)));
            shift = 0;
        }

        shift = Math.Min(shift, 31);
        double radius = ((1L << intBits) - 1) * Math.ScaleB(1.0, 31 - intBits) / Math.ScaleB(1.0, shift);
        return (mult, shift, -(int)Math.Min(Math.Floor(radius), int.MaxValue));
    }

    // Calls f for every weight index of output channel c (c = −1: all).
    private static void ForChannel(FloatLayer l, int length, int c, Action<int> f)
    {
        int channels = l.Output.C;
        if (c < 0)
        {
            for (int k = 0; k < length; k++)
            {
                f(k);
            }
        }
        else if (l.Op == FloatOp.DepthwiseConv)
        {
            for (int k = c; k < length; k += channels)
            {
                f(k);
            }
        }
        else
        {
            int per = length / channels;
            for (int k = c * per; k < (c + 1) * per; k++)
            {
                f(k);
            }
        }
    }

    // Fake-quantized float run (weights rounded per channel, activations on their int8 grids) against float.
    private static List<LayerReport> Report(FloatGraph graph, CalibrationSet cal, double inScale, int inZp,
        List<(int Layer, double Scale, int Zp, float[]? WScales)> plan, float[] min, float[] max)
    {
        int n = graph.Layers.Count;
        var floatEngine = new FloatEngine(graph);
        var q = new FloatEngine(graph);
        var act = new (double Scale, int Zp)[n];
        var fused = new bool[n]; // a conv / fc whose ReLU is its clamp: compare with the float after the ReLU
        foreach ((int layer, double scale, int zp, float[]? ws) in plan)
        {
            act[layer] = (scale, zp);
            fused[layer] = ws is not null && layer + 1 < n && graph.Layers[layer + 1].Op == FloatOp.Relu;
            FloatLayer l = graph.Layers[layer];
            if (ws is null)
            {
                continue;
            }

            var w = (float[])l.Weights!.Clone();
            for (int c = 0; c < ws.Length; c++)
            {
                float sc = ws[c];
                ForChannel(l, w.Length, ws.Length == 1 ? -1 : c, k => w[k] = (float)(Math.Clamp(Math.Round(w[k] / sc, MidpointRounding.AwayFromZero), -127, 127) * sc));
            }

            q.SetWeights(layer, w, l.Bias!);
        }

        var err = new double[n];
        var pow = new double[n];
        var gate = new object();
        Parallel.For(0, cal.Count, () => (E: new double[n], P: new double[n]), (img, _, acc) =>
        {
            var f = new List<float[]>(n);
            floatEngine.Run(0, cal.Inputs[img], (j, y) => f.Add(y));
            float[] x = (float[])cal.Inputs[img].Clone();
            Grid(x, inScale, inZp);
            q.Run(0, x, (j, y) =>
            {
                Grid(y, act[j].Scale, act[j].Zp);
                for (int k = 0; k < y.Length; k++)
                {
                    double want = fused[j] ? Math.Max(f[j][k], 0) : f[j][k];
                    double d = y[k] - want;
                    acc.E[j] += d * d;
                    acc.P[j] += want * want;
                }
            });
            return acc;
        }, acc =>
        {
            lock (gate)
            {
                for (int j = 0; j < n; j++)
                {
                    err[j] += acc.E[j];
                    pow[j] += acc.P[j];
                }
            }
        });

        var rows = new List<LayerReport> { new(-1, "data", "Input", graph.Input.ToString(), min[0], max[0], $"scale {inScale:g4} zp {inZp}", 0) };
        foreach ((int layer, double scale, int zp, float[]? ws) in plan)
        {
            FloatLayer l = graph.Layers[layer];
            string fmt = $"scale {scale:g4} zp {zp}" + (ws is null ? "" : ws.Length == 1 ? $", w scale {ws[0]:g4}" : $", w scales {ws.Min():g3}..{ws.Max():g3} ({ws.Length} ch)");
            rows.Add(new LayerReport(layer, l.Name, l.Op.ToString(), l.Output.ToString(), min[layer + 1], max[layer + 1], fmt,
                pow[layer] > 0 ? Math.Round(100 * Math.Sqrt(err[layer] / pow[layer]), 3) : 0));
        }

        return rows;
    }

    private static void Grid(Span<float> v, double scale, int zp)
    {
        for (int i = 0; i < v.Length; i++)
        {
            double qv = Math.Clamp(Math.Round(v[i] / scale, MidpointRounding.AwayFromZero) + zp, -128, 127);
            v[i] = (float)((qv - zp) * scale);
        }
    }
}
