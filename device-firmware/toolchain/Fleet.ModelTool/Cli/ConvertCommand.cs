// SPDX-License-Identifier: MIT
using System.CommandLine;
using Fleet.Firmware.Interop.Nn;
using Fleet.ModelTool.Formats;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>convert IN.network OUT.flmd --model-id ID --model-version N [--labels a,b,…]</c>: a seed .network (q7) to
/// the Fleet format v1. The result is loaded by the C loader (hash included) and run against the .network in
/// corrected mode on a few inputs before anything is written, so a file this verb writes is one the device
/// accepts and that computes what the seed model computed. The file carries a self-test section: a
/// deterministic input and the converted model's output for it, which the device reproduces before activation.
/// </summary>
internal static class ConvertCommand
{
    // Extremes first (saturation paths), then pseudo-random tensors.
    private const int CheckInputs = 4;

    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "Seed .network file (q7)" };
        var output = new Argument<string>("OUT") { Description = "Fleet-format model to write (e.g. model.flmd); replaced if present" };
        var id = new Option<string>("--model-id") { Description = "Model id: 1..31 characters of [A-Za-z0-9._-]", Required = true };
        var version = new Option<uint>("--model-version") { Description = "Model version (unsigned 32-bit)", Required = true };
        var labels = new Option<string?>("--labels")
        {
            Description = "Comma-separated label of each output (1..15 printable ASCII characters, no commas); default class0,class1,…",
        };
        var json = CliCommon.JsonOption();
        var cmd = new Command("convert",
            "Convert a seed .network (q7) to the Fleet model format v1, verified by the C loader and bit-identical to the .network in corrected mode")
        {
            input, output, id, version, labels, json,
        };
        cmd.SetAction(pr => CliCommon.Guard(pr, (stdout, _) =>
        {
            ConvertResult r = Convert(pr.GetValue(input)!, pr.GetValue(output)!, pr.GetValue(id)!, pr.GetValue(version),
                ParseLabels(pr.GetValue(labels)));
            if (pr.GetValue(json))
            {
                CliCommon.WriteJson(stdout, r);
            }
            else
            {
                stdout.WriteLine($"{r.Input} -> {r.Output}: Fleet model v1, id {r.ModelId} version {r.ModelVersion}, scheme {r.Scheme}, " +
                                 $"{r.Layers} layers, {r.Outputs} outputs");
                stdout.WriteLine($"sha256 {r.Sha256}");
                stdout.WriteLine($"flash {r.FlashBytes:N0} bytes (.network {r.InputBytes:N0}), arena {r.ArenaBytes:N0} bytes, {r.Macs:N0} MACs");
                stdout.WriteLine($"checked: {r.IdenticalInputs}/{r.CheckedInputs} inputs bit-identical to the .network (corrected mode)");
                stdout.WriteLine("self-test: a fixed input and its output embedded; the device reproduces them before it activates the model");
            }

            return 0;
        }));
        return cmd;
    }

    public static ConvertResult Convert(string inPath, string outPath, string modelId, uint modelVersion,
        IReadOnlyList<string>? labels)
    {
        if (!FleetModelWriter.IsValidModelId(modelId))
        {
            throw new ModelToolException($"--model-id '{modelId}': expected 1..31 characters of [A-Za-z0-9._-]");
        }

        using LoadedModel source = CliCommon.LoadModel(inPath);
        if (source.IsFleet)
        {
            throw new ModelToolException($"'{inPath}' is already a Fleet model");
        }

        FleetModelSpec spec = NetworkConverter.Convert(source.Blob, modelId, modelVersion, labels);
        byte[] blob;
        try
        {
            blob = FleetModelWriter.Write(spec);
        }
        catch (ArgumentException ex)
        {
            throw new ModelToolException($"'{inPath}' cannot be expressed in the Fleet format: {ex.Message}", ex);
        }

        FleetModel converted;
        try
        {
            converted = FleetModel.Load(blob);
        }
        catch (FleetModelLoadException ex)
        {
            throw new ModelToolException($"'{inPath}' cannot be expressed in the Fleet format: the C loader rejects the result: {ex.Message}", ex);
        }

        using (converted)
        {
            int identical = CountIdentical(source.Network!, converted);
            if (identical != CheckInputs)
            {
                throw new ModelToolException(
                    $"'{inPath}': the converted model differs from the .network on {CheckInputs - identical} of {CheckInputs} inputs; nothing written");
            }

            blob = WithSelfTest(spec, converted, inPath);
            using FleetModel final = FleetModel.Load(blob);
            WriteAtomically(outPath, blob);
            FleetModelInfo info = final.Info;
            return new ConvertResult(inPath, outPath, source.Blob.Length, info.ModelId, info.ModelVersion, info.Sha256,
                info.Scheme == FleetModelScheme.Q7 ? "q7" : "s8", info.Layers, info.Outputs, final.Labels, info.Macs,
                info.ArenaBytes, info.FlashBytes, CheckInputs, identical);
        }
    }

    public static IReadOnlyList<string>? ParseLabels(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string[] parts = text.Split(',');
        foreach (string p in parts)
        {
            if (!FleetModelWriter.IsValidLabel(p))
            {
                throw new ModelToolException($"--labels: '{p}' is not a label (1..15 printable ASCII characters)");
            }
        }

        return parts;
    }

    // The device runs this vector before it activates the model (docs/model-slots.md): a fixed pseudo-random
    // input, so a rebuild of the same model gives the same file.
    private const int SelfTestSeed = 5150;

    internal static byte[] WithSelfTest(FleetModelSpec spec, FleetModel converted, string inPath)
    {
        var input = new sbyte[converted.InputLength];
        new Random(SelfTestSeed).NextBytes((byte[])(Array)input);
        sbyte[] expected = converted.Run(input);
        byte[] blob = FleetModelWriter.Write(spec, input, expected);
        try
        {
            using FleetModel check = FleetModel.Load(blob);
            if (!check.Run(input).AsSpan().SequenceEqual(expected))
            {
                throw new ModelToolException($"'{inPath}': the model with its self-test does not reproduce it; nothing written");
            }
        }
        catch (FleetModelLoadException ex)
        {
            throw new ModelToolException($"'{inPath}': the C loader rejects the model with its self-test section: {ex.Message}", ex);
        }

        return blob;
    }

    private static int CountIdentical(NetworkModel network, FleetModel fleet)
    {
        var rng = new Random(2024);
        var input = new sbyte[network.InputLength];
        var want = new sbyte[network.Info.Outputs];
        var got = new sbyte[fleet.Info.Outputs];
        int identical = 0;
        for (int t = 0; t < CheckInputs; t++)
        {
            if (t < 2)
            {
                input.AsSpan().Fill(t == 0 ? sbyte.MaxValue : sbyte.MinValue);
            }
            else
            {
                rng.NextBytes((byte[])(Array)input);
            }

            network.Run(input, NetworkMode.Corrected, softmax: false, want);
            fleet.Run(input, got);
            identical += want.AsSpan().SequenceEqual(got) ? 1 : 0;
        }

        return identical;
    }

    // A reader (a flasher, a watcher) never sees half a model: write beside the target, then rename over it.
    internal static void WriteAtomically(string path, byte[] blob)
    {
        string full = Path.GetFullPath(path);
        string tmp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(tmp, blob);
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }

            throw new ModelToolException($"cannot write '{path}': {Imaging.PnmReader.Describe(ex)}", ex);
        }
    }
}
