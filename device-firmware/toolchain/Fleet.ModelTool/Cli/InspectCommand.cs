// SPDX-License-Identifier: MIT
using System.CommandLine;
using Fleet.Firmware.Interop.Nn;

namespace Fleet.ModelTool.Cli;

/// <summary><c>inspect MODEL</c>: layers, shapes, MACs, weight bytes and arena bytes, from the C loader.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Path to a .network file" };
        var json = CliCommon.JsonOption();
        var cmd = new Command("inspect", "Show a model's layers, shapes, MACs, weight bytes and arena bytes")
        {
            model, json,
        };
        cmd.SetAction(pr => CliCommon.Guard(pr, (output, _) =>
        {
            InspectResult r = Inspect(pr.GetValue(model)!);
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

    public static InspectResult Inspect(string path)
    {
        var (blob, model) = CliCommon.LoadModel(path);
        using (model)
        {
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
    }

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
