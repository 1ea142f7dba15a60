// SPDX-License-Identifier: MIT
using System.Numerics;
using System.Runtime.InteropServices;

namespace Fleet.ModelTool.Import;

/// <summary>
/// Float inference of a <see cref="FloatGraph"/> in HWC (calibration, float accuracy, and the q7 search's
/// fake-quantized runs). Conv weights are kept transposed to [kh][kw][in][out] so the inner loop is a
/// contiguous multiply-add over output channels. Weights can be replaced per layer (the quantizers' rounded
/// copies) and an optional per-layer hook rewrites each output in place (fake activation quantization).
/// Thread-safe for concurrent <see cref="Run"/> calls as long as no weights are replaced meanwhile.
/// </summary>
public sealed class FloatEngine
{
    private readonly FloatGraph _graph;
    private readonly float[][] _prepared;
    private readonly float[][] _bias;

    public FloatEngine(FloatGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        _prepared = new float[graph.Layers.Count][];
        _bias = new float[graph.Layers.Count][];
        for (int i = 0; i < graph.Layers.Count; i++)
        {
            FloatLayer l = graph.Layers[i];
            SetWeights(i, l.Weights ?? [], l.Bias ?? []);
        }
    }

    public FloatGraph Graph => _graph;

    /// <summary>Replaces layer <paramref name="index"/>'s weights and bias (IR layout) for later runs.</summary>
    public void SetWeights(int index, float[] weights, float[] bias)
    {
        FloatLayer l = _graph.Layers[index];
        _bias[index] = bias;
        if (l.Op != FloatOp.Conv)
        {
            _prepared[index] = weights;
            return;
        }

        // OHWI → [kh][kw][in][out]
        int o = l.Output.C, kk = l.KernelH * l.KernelW, ci = l.Input.C;
        var t = new float[weights.Length];
        for (int oc = 0; oc < o; oc++)
        {
            for (int k = 0; k < kk; k++)
            {
                for (int c = 0; c < ci; c++)
                {
                    t[(((k * ci) + c) * o) + oc] = weights[(((oc * kk) + k) * ci) + c];
                }
            }
        }

        _prepared[index] = t;
    }

    /// <summary>
    /// Runs layers [<paramref name="from"/>, end) on <paramref name="input"/> (the input of layer <paramref name="from"/>);
    /// <paramref name="after"/> (layer index, output) may rewrite each output; <paramref name="keep"/> (layer index)
    /// chooses which outputs to return (null: only the last). Returns the outputs asked for, the last always at [^1].
    /// </summary>
    public float[] Run(int from, float[] input, Action<int, float[]>? after = null)
    {
        float[] x = input;
        for (int i = from; i < _graph.Layers.Count; i++)
        {
            x = RunLayer(i, x);
            after?.Invoke(i, x);
        }

        return x;
    }

    public float[] RunLayer(int index, float[] x)
    {
        FloatLayer l = _graph.Layers[index];
        switch (l.Op)
        {
            case FloatOp.Conv:
                return Conv(l, x, _prepared[index], _bias[index]);
            case FloatOp.DepthwiseConv:
                return Depthwise(l, x, _prepared[index], _bias[index]);
            case FloatOp.FullyConnected:
                return Fc(l, x, _prepared[index], _bias[index]);
            case FloatOp.Relu:
            {
                var y = new float[x.Length];
                for (int i = 0; i < x.Length; i++)
                {
                    y[i] = Math.Max(x[i], 0f);
                }

                return y;
            }

            case FloatOp.MaxPool or FloatOp.AvgPool:
                return Pool(l, x);
            default:
                return Softmax(l, x);
        }
    }

    private static float[] Conv(FloatLayer l, float[] x, float[] w, float[] b)
    {
        TensorShape i = l.Input, o = l.Output;
        var y = new float[o.Elements];
        Span<float> acc = o.C <= 1024 ? stackalloc float[o.C] : new float[o.C];
        int vec = Vector<float>.Count;
        for (int oy = 0; oy < o.H; oy++)
        {
            for (int ox = 0; ox < o.W; ox++)
            {
                b.AsSpan().CopyTo(acc);
                for (int ky = 0; ky < l.KernelH; ky++)
                {
                    int iy = (oy * l.StrideH) - l.PadH + ky;
                    if ((uint)iy >= (uint)i.H)
                    {
                        continue;
                    }

                    for (int kx = 0; kx < l.KernelW; kx++)
                    {
                        int ix = (ox * l.StrideW) - l.PadW + kx;
                        if ((uint)ix >= (uint)i.W)
                        {
                            continue;
                        }

                        ReadOnlySpan<float> px = x.AsSpan(((iy * i.W) + ix) * i.C, i.C);
                        int wBase = ((ky * l.KernelW) + kx) * i.C * o.C;
                        for (int c = 0; c < i.C; c++)
                        {
                            float v = px[c];
                            if (v == 0f)
                            {
                                continue; // post-ReLU activations are mostly zero
                            }

                            ReadOnlySpan<float> wr = w.AsSpan(wBase + (c * o.C), o.C);
                            var vv = new Vector<float>(v);
                            int k = 0;
                            Span<Vector<float>> av = MemoryMarshal.Cast<float, Vector<float>>(acc);
                            ReadOnlySpan<Vector<float>> wv = MemoryMarshal.Cast<float, Vector<float>>(wr);
                            for (; k < wv.Length; k++)
                            {
                                av[k] += wv[k] * vv;
                            }

                            for (k *= vec; k < o.C; k++)
                            {
                                acc[k] += wr[k] * v;
                            }
                        }
                    }
                }

                acc.CopyTo(y.AsSpan(((oy * o.W) + ox) * o.C, o.C));
            }
        }

        return y;
    }

    private static float[] Depthwise(FloatLayer l, float[] x, float[] w, float[] b)
    {
        TensorShape i = l.Input, o = l.Output;
        var y = new float[o.Elements];
        for (int oy = 0; oy < o.H; oy++)
        {
            for (int ox = 0; ox < o.W; ox++)
            {
                Span<float> acc = y.AsSpan(((oy * o.W) + ox) * o.C, o.C);
                b.AsSpan().CopyTo(acc);
                for (int ky = 0; ky < l.KernelH; ky++)
                {
                    int iy = (oy * l.StrideH) - l.PadH + ky;
                    for (int kx = 0; kx < l.KernelW && (uint)iy < (uint)i.H; kx++)
                    {
                        int ix = (ox * l.StrideW) - l.PadW + kx;
                        if ((uint)ix >= (uint)i.W)
                        {
                            continue;
                        }

                        int px = ((iy * i.W) + ix) * i.C, wb = ((ky * l.KernelW) + kx) * o.C;
                        for (int c = 0; c < o.C; c++)
                        {
                            acc[c] += x[px + c] * w[wb + c];
                        }
                    }
                }
            }
        }

        return y;
    }

    private static float[] Fc(FloatLayer l, float[] x, float[] w, float[] b)
    {
        int cols = l.Input.Elements;
        var y = new float[l.Output.C];
        for (int r = 0; r < y.Length; r++)
        {
            y[r] = b[r] + Dot(w.AsSpan(r * cols, cols), x);
        }

        return y;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ReadOnlySpan<Vector<float>> av = MemoryMarshal.Cast<float, Vector<float>>(a);
        ReadOnlySpan<Vector<float>> bv = MemoryMarshal.Cast<float, Vector<float>>(b[..a.Length]);
        Vector<float> s = Vector<float>.Zero;
        for (int k = 0; k < av.Length; k++)
        {
            s += av[k] * bv[k];
        }

        float sum = Vector.Sum(s);
        for (int k = av.Length * Vector<float>.Count; k < a.Length; k++)
        {
            sum += a[k] * b[k];
        }

        return sum;
    }

    private static float[] Pool(FloatLayer l, float[] x)
    {
        TensorShape i = l.Input, o = l.Output;
        bool max = l.Op == FloatOp.MaxPool;
        var y = new float[o.Elements];
        for (int oy = 0; oy < o.H; oy++)
        {
            int y0 = Math.Max((oy * l.StrideH) - l.PadH, 0), y1 = Math.Min((oy * l.StrideH) - l.PadH + l.KernelH, i.H);
            for (int ox = 0; ox < o.W; ox++)
            {
                int x0 = Math.Max((ox * l.StrideW) - l.PadW, 0), x1 = Math.Min((ox * l.StrideW) - l.PadW + l.KernelW, i.W);
                int count = (y1 - y0) * (x1 - x0);
                for (int c = 0; c < i.C; c++)
                {
                    float best = float.NegativeInfinity, sum = 0;
                    for (int yy = y0; yy < y1; yy++)
                    {
                        for (int xx = x0; xx < x1; xx++)
                        {
                            float v = x[(((yy * i.W) + xx) * i.C) + c];
                            best = Math.Max(best, v);
                            sum += v;
                        }
                    }

                    y[(((oy * o.W) + ox) * o.C) + c] = max ? best : sum / count;
                }
            }
        }

        return y;
    }

    private static float[] Softmax(FloatLayer l, float[] x)
    {
        var y = new float[x.Length];
        int c = l.Input.C;
        for (int p = 0; p < x.Length; p += c)
        {
            float m = float.NegativeInfinity;
            for (int k = 0; k < c; k++)
            {
                m = Math.Max(m, x[p + k]);
            }

            float s = 0;
            for (int k = 0; k < c; k++)
            {
                y[p + k] = MathF.Exp(x[p + k] - m);
                s += y[p + k];
            }

            for (int k = 0; k < c; k++)
            {
                y[p + k] /= s;
            }
        }

        return y;
    }
}
