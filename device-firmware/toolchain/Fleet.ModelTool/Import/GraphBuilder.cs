// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Import;

/// <summary>
/// Builds a <see cref="FloatGraph"/> from framework-order (NCHW, OIHW, CHW-flattened) tensors, the way Caffe and
/// ONNX store them, converting to Fleet's layouts once: conv OIHW → OHWI, depthwise [C][1][kh][kw] →
/// [kh][kw][C], fully connected columns CHW → HWC. Both importers share it so the layouts are converted in one
/// place. Batch norm (and Caffe's Scale) fold into the conv or fully connected layer before them.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly List<FloatLayer> _layers = [];
    private readonly string _source;

    public GraphBuilder(string source, TensorShape input)
    {
        _source = source;
        Input = input;
        Current = input;
    }

    public TensorShape Input { get; }

    public TensorShape Current { get; private set; }

    public int Count => _layers.Count;

    public FloatGraph Build() => FloatGraph.Create(_source, Input, _layers.ToArray());

    /// <summary>weights [out][in/group][kh][kw]; group 1 (conv) or group = in = out (depthwise).</summary>
    public void Conv(string name, float[] weights, float[]? bias, int outC, int group, int kh, int kw, int sh, int sw,
        int padT, int padL, int padB, int padR, int dilation)
    {
        TensorShape i = Current;
        if (dilation != 1)
        {
            throw new ModelImportException($"layer '{name}': dilation {dilation} is not supported (Fleet v1 has none)");
        }

        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || padT < 0 || padL < 0 || padB < 0 || padR < 0)
        {
            throw new ModelImportException($"layer '{name}': kernel {kh}x{kw}, stride {sh}x{sw}, pads must be positive");
        }

        bool depthwise = group != 1;
        if (depthwise && !(group == i.C && outC == i.C))
        {
            throw new ModelImportException(
                $"layer '{name}': grouped convolution ({group} groups, {i.C} -> {outC} channels) is not supported; only depthwise with multiplier 1");
        }

        int inPerGroup = depthwise ? 1 : i.C;
        long want = (long)outC * inPerGroup * kh * kw;
        if (weights.LongLength != want)
        {
            throw new ModelImportException($"layer '{name}': {weights.LongLength} weights, expected {outC}x{inPerGroup}x{kh}x{kw} = {want}");
        }

        CheckBias(name, bias, outC);
        var o = new TensorShape(
            FloatGraph.WindowOut(i.H, kh, sh, padT, padB, ceil: false),
            FloatGraph.WindowOut(i.W, kw, sw, padL, padR, ceil: false), outC);
        var w = new float[weights.Length];
        for (int oc = 0; oc < outC; oc++)
        {
            for (int y = 0; y < kh; y++)
            {
                for (int x = 0; x < kw; x++)
                {
                    for (int c = 0; c < inPerGroup; c++)
                    {
                        float v = weights[(((oc * inPerGroup) + c) * kh + y) * kw + x];
                        w[depthwise ? ((y * kw) + x) * outC + oc : (((oc * kh) + y) * kw + x) * i.C + c] = v;
                    }
                }
            }
        }

        Add(new FloatLayer(depthwise ? FloatOp.DepthwiseConv : FloatOp.Conv, name, i, o, kh, kw, sh, sw, padT, padL,
            w, bias ?? new float[outC]));
    }

    /// <summary>weights [out][cols] with cols in CHW order of the current tensor (Caffe InnerProduct, ONNX Gemm after Flatten).</summary>
    public void FullyConnected(string name, float[] weights, float[]? bias, int outC)
    {
        TensorShape i = Current;
        int cols = i.Elements;
        if (weights.LongLength != (long)outC * cols)
        {
            throw new ModelImportException($"layer '{name}': {weights.LongLength} weights, expected {outC}x{cols} for input {i}");
        }

        CheckBias(name, bias, outC);
        var w = new float[weights.Length];
        for (int r = 0; r < outC; r++)
        {
            for (int c = 0; c < i.C; c++)
            {
                for (int y = 0; y < i.H; y++)
                {
                    for (int x = 0; x < i.W; x++)
                    {
                        w[((long)r * cols) + (((y * i.W) + x) * i.C) + c] = weights[((long)r * cols) + (((c * i.H) + y) * i.W) + x];
                    }
                }
            }
        }

        Add(new FloatLayer(FloatOp.FullyConnected, name, i, new TensorShape(1, 1, outC), Weights: w, Bias: bias ?? new float[outC]));
    }

    public void Pool(string name, bool max, int kh, int kw, int sh, int sw, int padT, int padL, int padB, int padR, bool ceil)
    {
        TensorShape i = Current;
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || padT < 0 || padL < 0 || padB < 0 || padR < 0)
        {
            throw new ModelImportException($"layer '{name}': kernel {kh}x{kw}, stride {sh}x{sw}, pads must be positive");
        }

        var o = new TensorShape(FloatGraph.WindowOut(i.H, kh, sh, padT, padB, ceil),
            FloatGraph.WindowOut(i.W, kw, sw, padL, padR, ceil), i.C);
        Add(new FloatLayer(max ? FloatOp.MaxPool : FloatOp.AvgPool, name, i, o, kh, kw, sh, sw, padT, padL));
    }

    public void Relu(string name) => Add(new FloatLayer(FloatOp.Relu, name, Current, Current));

    public void Softmax(string name) => Add(new FloatLayer(FloatOp.Softmax, name, Current, Current));

    /// <summary>y = x·scale[c] + shift[c] folded into the weighted layer just before (batch norm, Caffe Scale).</summary>
    public void FoldAffine(string name, float[] scale, float[] shift)
    {
        if (_layers.Count == 0 || !_layers[^1].HasWeights)
        {
            throw new ModelImportException(
                $"layer '{name}': batch norm / scale must follow a convolution or fully connected layer to be folded");
        }

        FloatLayer p = _layers[^1];
        int c = p.Output.C;
        if (scale.Length != c || shift.Length != c)
        {
            throw new ModelImportException($"layer '{name}': {scale.Length} scales / {shift.Length} shifts for {c} channels");
        }

        float[] w = (float[])p.Weights!.Clone();
        float[] b = (float[])p.Bias!.Clone();
        for (int i = 0; i < w.Length; i++)
        {
            // Depthwise stores the channel last; conv and fully connected store it first.
            int ch = p.Op == FloatOp.DepthwiseConv ? i % c : (int)((long)i * c / w.Length);
            w[i] *= scale[ch];
        }

        for (int ch = 0; ch < c; ch++)
        {
            b[ch] = (b[ch] * scale[ch]) + shift[ch];
        }

        _layers[^1] = p with { Weights = w, Bias = b };
    }

    private void Add(FloatLayer layer)
    {
        if (layer.Output.H < 1 || layer.Output.W < 1)
        {
            throw new ModelImportException($"layer '{layer.Name}': input {layer.Input} is smaller than its window");
        }

        _layers.Add(layer);
        Current = layer.Output;
    }

    private static void CheckBias(string name, float[]? bias, int outC)
    {
        if (bias is not null && bias.Length != outC)
        {
            throw new ModelImportException($"layer '{name}': {bias.Length} biases for {outC} outputs");
        }
    }
}
