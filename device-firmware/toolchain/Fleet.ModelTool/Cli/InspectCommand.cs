// SPDX-License-Identifier: MIT
using System.CommandLine;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Formats;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>inspect MODEL</c>: layers, shapes, MACs, weight bytes and arena bytes, from the C loader. A Fleet-format
/// model (magic "FLMD") also shows its id, version, verified hash, labels, scheme and flash bytes.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Path to a .network or Fleet-format (.flmd) model" };
        var json = CliCommon.JsonOption();
        var cmd = new Command("inspect", "Show a model's layers, shapes, MACs, weight bytes and arena bytes; for a Fleet-format model also its id, version, hash (verified), labels, scheme and flash bytes")
        {
            model, json,
        };
        cmd.SetAction(pr => CliCommon.Guard(pr, (output, _) =>
        {
            using LoadedModel m = CliCommon.LoadModel(pr.GetValue(model)!);
            if (m.IsFleet)
            {
                FleetInspectResult f = InspectFleet(m);
                if (pr.GetValue(json))
                {
                    CliCommon.WriteJson(output, f);
                }
                else
                {
                    PrintFleet(output, f);
                }

                return 0;
            }

            InspectResult r = InspectNetwork(m);
            if (pr.GetValue(json))
            {
                CliCommon.WriteJson(output, r);
            }
            else
            {
                Print(output, r);
            }

            return 0;
        }));
        return cmd;
    }

    public static InspectResult InspectNetwork(LoadedModel loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        (string path, byte[] blob, NetworkModel model) = (loaded.Path, loaded.Blob, loaded.Network!);
        var layers = new List<InspectLayer>();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            NetworkLayerInfo l = model.Layers[i];
            NetworkLayerInfo? p = i > 0 ? model.Layers[i - 1] : null;
            long prevElems = p is null ? 0 : (long)p.C * p.H * p.W;
            int[] shape = [l.C, l.H, l.W];
            layers.Add(l.Type switch
            {
                NetworkLayerType.Data => new InspectLayer(i, "data", shape, 0, 0, Mean: l.Mean, Scale: l.Scale),
                NetworkLayerType.Conv => new InspectLayer(i, "conv", shape,
                    (long)l.C * l.H * l.W * l.Kernel * l.Kernel * p!.C, l.WeightBytes + l.BiasBytes,
                    Kernel: l.Kernel, Pad: l.Pad, Stride: l.Stride, LShift: l.LShift, RShift: l.RShift),
                NetworkLayerType.Relu => new InspectLayer(i, "relu", shape, 0, 0),
                NetworkLayerType.Pool => new InspectLayer(i, "pool", shape, 0, 0, Kernel: l.Kernel, Pad: l.Pad,
                    Stride: l.Stride, Pool: l.PoolType == NetworkPoolType.Max ? "max" : "ave"),
                _ => new InspectLayer(i, "ip", shape, l.C * prevElems, l.WeightBytes + l.BiasBytes,
                    LShift: l.LShift, RShift: l.RShift),
            });
        }

        NetworkInfo info = model.Info;
        return new InspectResult(path, blob.Length, [info.InputHeight, info.InputWidth, info.InputChannels],
            info.Outputs, info.Macs, info.WeightBytes, model.ArenaBytes, info.PersistentBytes, info.ScratchBytes,
            layers);
    }

    public static FleetInspectResult InspectFleet(LoadedModel loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        FleetModel model = loaded.Fleet!;
        FleetModelSpec spec = loaded.FleetSpec!;
        FleetModelInfo info = model.Info;
        bool q7 = info.Scheme == FleetModelScheme.Q7;
        IReadOnlyList<(int H, int W, int C)> inShapes = FleetModelReader.InputShapes(spec);
        var layers = new List<FleetInspectLayer>();
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            FleetLayerSpec l = spec.Layers[i];
            (int h, int w, int c) = inShapes[i];
            bool window = l.Op is FleetLayerOp.Conv or FleetLayerOp.DepthwiseConv or FleetLayerOp.MaxPool or FleetLayerOp.AvgPool;
            bool weighted = l.Op is FleetLayerOp.Conv or FleetLayerOp.DepthwiseConv or FleetLayerOp.FullyConnected;
            long tensorBytes = (l.Weights?.Length ?? 0) + (l.Bias?.Length ?? 0) + (4L * (l.Multipliers?.Length ?? 0)) +
                               (4L * (l.Shifts?.Length ?? 0));
            layers.Add(new FleetInspectLayer(i, OpName(l.Op), [h, w, c], [l.OutHeight, l.OutWidth, l.OutChannels],
                FleetModelWriter.Macs(l, (h, w, c)), tensorBytes, FleetModelWriter.ScratchBudget(info.Scheme, l, (h, w, c)),
                Kernel: window ? [l.KernelH, l.KernelW] : null,
                Stride: window ? [l.StrideH, l.StrideW] : null,
                Pad: window ? [l.PadH, l.PadW] : null,
                ChMult: l.Op == FleetLayerOp.DepthwiseConv ? l.ChannelMultiplier : null,
                LShift: q7 && weighted ? l.BiasLShift : null,
                RShift: q7 && weighted ? l.OutRShift : null,
                Rounding: q7 && weighted ? (l.Rounding == 0 ? "truncate" : "round") : null,
                FracBits: q7 && l.Op == FleetLayerOp.Relu6 ? l.FracBits : null,
                ZeroPoints: q7 ? null : [l.InputZeroPoint, l.OutputZeroPoint],
                Activation: q7 ? null : [l.ActMin, l.ActMax]));
        }

        FleetModelInput inp = info.Input;
        bool tensor = inp.Colour == FleetModelColour.Tensor;
        int pixelChannels = tensor ? 0 : inp.Channels;
        var inputSpec = new FleetInspectInput(inp.Colour switch
            {
                FleetModelColour.Rgb => "rgb",
                FleetModelColour.Tensor => "tensor",
                _ => "gray",
            },
            inp.Resize == NetworkResize.Bilinear ? "bilinear" : "nearest", inp.Mean.Take(pixelChannels).ToArray(),
            Q7Shift: q7 ? inp.Q7Shift.Take(pixelChannels).ToArray() : null,
            S8Scale: q7 ? null : inp.S8Scale.Take(pixelChannels).ToArray(),
            S8InputScale: q7 ? null : inp.S8InputScale,
            S8InputZeroPoint: q7 ? null : inp.S8InputZeroPoint);
        return new FleetInspectResult(loaded.Path, "fleet", loaded.Blob.Length, info.ModelId, info.ModelVersion,
            info.Sha256, HashVerified: true, q7 ? "q7" : "s8", [inp.Height, inp.Width, inp.Channels], inputSpec,
            info.OutputShape, info.Outputs, model.Labels, info.Macs, info.WeightBytes, info.ArenaBytes, info.FlashBytes,
            model.ArenaHighWater, layers);
    }

    private static string OpName(FleetLayerOp op) => op switch
    {
        FleetLayerOp.Conv => "conv",
        FleetLayerOp.DepthwiseConv => "dwconv",
        FleetLayerOp.FullyConnected => "fc",
        FleetLayerOp.MaxPool => "maxpool",
        FleetLayerOp.AvgPool => "avgpool",
        FleetLayerOp.Relu => "relu",
        FleetLayerOp.Relu6 => "relu6",
        FleetLayerOp.Softmax => "softmax",
        _ => $"op{(int)op}",
    };

    private static void PrintFleet(TextWriter o, FleetInspectResult r)
    {
        o.WriteLine($"{r.Model}: Fleet model v1, {r.FileBytes} bytes, id {r.ModelId} version {r.ModelVersion}, scheme {r.Scheme}");
        o.WriteLine($"sha256 {r.Sha256} (verified)");
        FleetInspectInput s = r.InputSpec;
        string transform = s.Q7Shift is { } sh ? $"q7 shift [{string.Join(", ", sh)}]"
            : s.Colour == "tensor" ? $"s8 input scale {CliCommon.F(s.S8InputScale ?? 0, "0.########")}, zero point {s.S8InputZeroPoint}"
            : $"s8 scale [{string.Join(", ", s.S8Scale!.Select(v => CliCommon.F(v, "0.######")))}], input scale {CliCommon.F(s.S8InputScale ?? 0, "0.########")}, zero point {s.S8InputZeroPoint}";
        o.WriteLine($"input {r.Input[0]}x{r.Input[1]}x{r.Input[2]} (h x w x c), {s.Colour}, {s.Resize} resize, mean [{string.Join(", ", s.Mean)}], {transform}");
        o.WriteLine($"output {r.OutputShape[0]}x{r.OutputShape[1]}x{r.OutputShape[2]}, {r.Outputs} labels: {string.Join(", ", r.Labels)}");
        o.WriteLine($"{"#",3} {"op",-8} {"in h x w x c",-14} {"out h x w x c",-14} {"k/s/p",-9} {"quant",-9} {"MACs",12} {"tensors",8}");
        foreach (FleetInspectLayer l in r.Layers)
        {
            string ksp = l.Kernel is { } k ? $"{Hw(k)}/{Hw(l.Stride!)}/{Hw(l.Pad!)}" : "";
            string quant = l.LShift is { } ls ? $"{ls}/{l.RShift}" + (l.Rounding == "round" ? "r" : "")
                : l.ZeroPoints is { } zp ? $"zp {zp[0]}/{zp[1]}" : l.FracBits is { } fb ? $"f{fb}" : "";
            o.WriteLine($"{l.Index,3} {l.Op,-8} {Shape(l.InShape),-14} {Shape(l.OutShape),-14} {ksp,-9} {quant,-9} {l.Macs,12:N0} {l.TensorBytes,8:N0}");
        }

        o.WriteLine($"total: {r.Macs:N0} MACs, weight section {r.WeightBytes:N0} bytes, flash {r.FlashBytes:N0} bytes, " +
                    $"arena {r.ArenaBytes:N0} bytes (loader verified; this load took {r.ArenaHighWater:N0})");
    }

    private static string Shape(IReadOnlyList<int> s) => $"{s[0]}x{s[1]}x{s[2]}";

    // A square window prints as one number, as the seed's layers do.
    private static string Hw(IReadOnlyList<int> v) => v[0] == v[1] ? $"{v[0]}" : $"{v[0]}x{v[1]}";

    private static void Print(TextWriter o, InspectResult r)
    {
        o.WriteLine($"{r.Model}: {r.FileBytes} bytes, {r.Layers.Count} layers, input {r.Input[0]}x{r.Input[1]}x{r.Input[2]} (h x w x c), {r.Outputs} outputs");
        o.WriteLine($"{"#",3} {"type",-5} {"out c x h x w",-15} {"k/p/s",-8} {"shifts",-7} {"MACs",12} {"weights",8}");
        foreach (InspectLayer l in r.Layers)
        {
            string kps = l.Kernel is { } k ? $"{k}/{l.Pad}/{l.Stride}" : "";
            string type = l.Pool is { } pool ? $"{pool}" : l.Type;
            string shifts = l.LShift is { } ls ? $"{ls}/{l.RShift}" : l.Scale is { } s ? $"s{s}" : "";
            o.WriteLine($"{l.Index,3} {type,-5} {$"{l.Shape[0]}x{l.Shape[1]}x{l.Shape[2]}",-15} {kps,-8} {shifts,-7} {l.Macs,12:N0} {l.WeightBytes,8:N0}");
        }

        o.WriteLine($"total: {r.Macs:N0} MACs, {r.WeightBytes:N0} weight bytes, arena {r.ArenaBytes:N0} bytes " +
                    $"(layer table {r.PersistentBytes:N0} + scratch {r.ScratchBytes:N0} + alignment)");
    }
}
