// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Import;

/// <summary>
/// A chain of float layers (no branches, as the Fleet format v1 and the seed's .network): layer 0 reads the input
/// tensor, layer i reads layer i−1. <see cref="Create"/> checks the chain, the shapes and the tensor lengths, so
/// the runner and the quantizers can index without further checks.
/// </summary>
public sealed class FloatGraph
{
    private FloatGraph(string source, TensorShape input, IReadOnlyList<FloatLayer> layers)
    {
        Source = source;
        Input = input;
        Layers = layers;
    }

    /// <summary>Where it came from ("caffe", "onnx", …), for reports.</summary>
    public string Source { get; }

    public TensorShape Input { get; }

    public IReadOnlyList<FloatLayer> Layers { get; }

    public TensorShape Output => Layers[^1].Output;

    public long Parameters => Layers.Sum(l => l.Parameters);

    public long Macs => Layers.Sum(l => l.Macs);

    public static FloatGraph Create(string source, TensorShape input, IReadOnlyList<FloatLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ModelImportException("the model has no layers the toolchain can run");
        }

        CheckShape(input, "input");
        TensorShape cur = input;
        foreach (FloatLayer l in layers)
        {
            string where = $"layer '{l.Name}' ({l.Op})";
            if (l.Input != cur)
            {
                throw new ModelImportException($"{where}: input {l.Input} but the previous layer gives {cur}");
            }

            CheckShape(l.Output, where);
            if (l.HasWindow)
            {
                CheckWindow(l, where);
            }

            long wantW = l.Op switch
            {
                FloatOp.Conv => (long)l.Output.C * l.KernelH * l.KernelW * l.Input.C,
                FloatOp.DepthwiseConv => (long)l.KernelH * l.KernelW * l.Output.C,
                FloatOp.FullyConnected => (long)l.Output.C * l.Input.Elements,
                _ => 0,
            };
            if ((l.Weights?.LongLength ?? 0) != wantW)
            {
                throw new ModelImportException($"{where}: {l.Weights?.LongLength ?? 0} weights, expected {wantW}");
            }

            if (l.HasWeights && l.Bias is { } b && b.Length != l.Output.C)
            {
                throw new ModelImportException($"{where}: {b.Length} biases, expected {l.Output.C}");
            }

            bool sameShape = l.Op is FloatOp.Relu or FloatOp.Softmax;
            if ((sameShape && l.Output != l.Input) ||
                (l.Op is FloatOp.MaxPool or FloatOp.AvgPool or FloatOp.DepthwiseConv && l.Output.C != l.Input.C) ||
                (l.Op == FloatOp.FullyConnected && (l.Output.H != 1 || l.Output.W != 1)))
            {
                throw new ModelImportException($"{where}: output {l.Output} does not fit input {l.Input}");
            }

            if (!(l.Weights ?? []).All(float.IsFinite) || !(l.Bias ?? []).All(float.IsFinite))
            {
                throw new ModelImportException($"{where}: a weight or bias is NaN or infinite");
            }

            cur = l.Output;
        }

        return new FloatGraph(source, input, layers);
    }

    /// <summary>Output size along one axis for a window op: floor (conv, ONNX) or Caffe's clipped ceil (pools).</summary>
    public static int WindowOut(int input, int kernel, int stride, int padBegin, int padEnd, bool ceil)
    {
        int span = input + padBegin + padEnd - kernel;
        if (span < 0 || stride < 1)
        {
            return 0;
        }

        int o = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && padBegin > 0 && (o - 1) * stride >= input + padBegin)
        {
            o--; // Caffe and ONNX clip a last window that would start inside the padding only
        }

        return o;
    }

    private static void CheckWindow(FloatLayer l, string where)
    {
        if (l.KernelH < 1 || l.KernelW < 1 || l.StrideH < 1 || l.StrideW < 1 || l.PadH < 0 || l.PadW < 0 ||
            l.PadH >= l.KernelH || l.PadW >= l.KernelW)
        {
            throw new ModelImportException(
                $"{where}: kernel {l.KernelH}x{l.KernelW}, stride {l.StrideH}x{l.StrideW}, pad {l.PadH}x{l.PadW} is not a valid window");
        }

        // The Fleet format's window rule: every window overlaps the input and no stride of input is dropped.
        Check(l.Input.H, l.Output.H, l.KernelH, l.StrideH, l.PadH, where, "height");
        Check(l.Input.W, l.Output.W, l.KernelW, l.StrideW, l.PadW, where, "width");

        static void Check(int input, int output, int k, int s, int pad, string where, string axis)
        {
            long padEnd = ((long)(output - 1) * s) + k - pad - input;
            if (padEnd <= -s || padEnd >= k)
            {
                throw new ModelImportException($"{where}: {axis} {input} -> {output} with kernel {k}, stride {s}, pad {pad} leaves a window outside the input");
            }
        }
    }

    private static void CheckShape(TensorShape s, string where)
    {
        if (s.H < 1 || s.W < 1 || s.C < 1 || s.H > 2048 || s.W > 2048 || s.C > 4096 || (long)s.H * s.W * s.C > (1 << 20))
        {
            throw new ModelImportException($"{where}: shape {s} outside 1..2048 x 1..2048 x 1..4096 (at most 2^20 elements)");
        }
    }
}
