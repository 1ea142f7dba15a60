// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Reference;

namespace Fleet.ModelTool.Formats;

/// <summary>
/// Seed <c>.network</c> (q7) to Fleet v1, the mapping the core's own seed test uses
/// (core/tests/unit/test_model_fleet_seed.c), so the result runs bit-identically to <c>fl_network_run</c> in
/// corrected mode: DATA → input spec (per-channel mean, the one shift on every channel, nearest resize as the
/// camera stretched); CONV → conv with truncating q7 shifts (what the seed ran); RELU → relu; POOL → max or
/// average pool (Caffe's sizes satisfy the format's window rule); IP → fully connected with the seed's
/// x4-interleaved weights de-interleaved to row-major. The .network carries no labels, so they default to
/// "class0", "class1", ….
/// </summary>
public static class NetworkConverter
{
    public static FleetModelSpec Convert(ReadOnlySpan<byte> network, string modelId, uint modelVersion,
        IReadOnlyList<string>? labels)
    {
        try
        {
            NetworkModel.Inspect(network); // the C loader validates; the parser below only reads
        }
        catch (NetworkLoadException ex)
        {
            throw new ModelToolException($"not a valid .network: {ex.Message}", ex);
        }

        RefNetwork net = RefNetwork.Parse(network);
        RefLayer d = net.Input;
        if (net.Layers.Count - 1 > FleetModelWriter.MaxLayers)
        {
            throw new ModelToolException($"{net.Layers.Count - 1} layers; the Fleet format allows at most {FleetModelWriter.MaxLayers}");
        }

        var mean = new byte[3];
        var shift = new byte[3];
        for (int k = 0; k < d.C && k < 3; k++)
        {
            mean[k] = (byte)d.Mean[k];
            shift[k] = (byte)d.Scale;
        }

        var input = FleetInputSpec.Q7(d.H, d.W, d.C, NetworkResize.Nearest, mean, shift);
        var layers = new List<FleetLayerSpec>();
        for (int i = 1; i < net.Layers.Count; i++)
        {
            RefLayer l = net.Layers[i], p = net.Layers[i - 1];
            if ((l.Type is RefLayer.Conv or RefLayer.Pool) && (l.Kernel > 64 || l.Stride > 64))
            {
                throw new ModelToolException($"layer {i}: kernel {l.Kernel} / stride {l.Stride} above the Fleet format's 64");
            }

            layers.Add(l.Type switch
            {
                RefLayer.Conv => Window(FleetLayerOp.Conv, l) with
                {
                    BiasLShift = (int)l.LShift, OutRShift = (int)l.RShift, Weights = Bytes(l.Weights), Bias = Bytes(l.Bias),
                },
                RefLayer.Relu => new FleetLayerSpec(FleetLayerOp.Relu, l.H, l.W, l.C),
                RefLayer.Pool => Window(l.PoolType == (int)NetworkPoolType.Max ? FleetLayerOp.MaxPool : FleetLayerOp.AvgPool, l),
                RefLayer.Ip => new FleetLayerSpec(FleetLayerOp.FullyConnected, l.H, l.W, l.C,
                    BiasLShift: (int)l.LShift, OutRShift: (int)l.RShift, Weights: Deinterleave(l, p.Elements),
                    Bias: Bytes(l.Bias)),
                _ => throw new ModelToolException($"layer {i}: a DATA layer after the first cannot be expressed"),
            });
        }

        IReadOnlyList<string> names = labels ?? Enumerable.Range(0, net.Outputs).Select(i => $"class{i}").ToArray();
        if (names.Count != net.Outputs)
        {
            throw new ModelToolException($"{names.Count} labels given but the model has {net.Outputs} outputs");
        }

        return new FleetModelSpec(FleetModelScheme.Q7, modelId, modelVersion, input, names, layers);
    }

    private static FleetLayerSpec Window(FleetLayerOp op, RefLayer l) =>
        new(op, l.H, l.W, l.C, KernelH: l.Kernel, KernelW: l.Kernel, StrideH: l.Stride, StrideW: l.Stride,
            PadH: l.Pad, PadW: l.Pad);

    private static byte[]? Bytes(sbyte[] v) => v.Length == 0 ? null : (byte[])(Array)v.Clone();

    // The C kernels' own index (fl_nn_fc_q7_x4_index), so the de-interleave matches what fl_network_run reads.
    private static byte[] Deinterleave(RefLayer l, int cols)
    {
        int rows = l.C;
        var dense = new byte[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                dense[(r * cols) + c] = (byte)l.Weights[NnKernels.FcQ7X4Index(rows, cols, r, c)];
            }
        }

        return dense;
    }
}
