// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Globalization;
using Fleet.ModelTool.Preview;
using Fleet.Sim.Preview;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>preview MODEL [--against CURRENT] --profile BOARD.json [--radio RADIO.json] [--scenario S.json[=DEVICES] …]
/// [--dataset IMAGES_IDX --labels LABELS_IDX] [--out-svg FILE] [--json]</c>: what rolling MODEL out would change
/// (docs/model-toolchain.md). Exit 0 ok, 1 usage, 2 bad input (or QEMU / cross-compiler missing), 3 internal.
/// </summary>
internal static class PreviewCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Candidate model (.flmd or .network)" };
        var against = new Option<string?>("--against") { Description = "The model the fleet runs now; without it each configuration keeps its own CNN figure" };
        var profile = new Option<string>("--profile") { Description = "Board power profile (device-firmware/profiles/*.json or a name, e.g. openmv-h7)", Required = true };
        var radio = new Option<string?>("--radio") { Description = "Radio power profile replacing every configuration's own (file or name, e.g. lora-sf7)" };
        var scenario = new Option<string[]>("--scenario")
        {
            Description = "Fleet configuration: a fleet-sim scenario file, optionally =DEVICES (repeatable; default: sim/profiles/openmv-h7-*.json camera scenarios)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dataset = new Option<string?>("--dataset") { Description = "IDX ubyte images (or float32 tensors for a tensor-input model) for the accuracy" };
        var labels = new Option<string?>("--labels") { Description = "IDX ubyte labels of --dataset" };
        var datasetName = new Option<string?>("--dataset-name") { Description = "Name reported with the accuracy (default: the --dataset file name)" };
        var classLabels = new Option<string?>("--class-labels") { Description = "Dataset label of each output index of MODEL, e.g. 1,0 for the seed smile net" };
        var againstLabels = new Option<string?>("--against-class-labels") { Description = "The same for --against (default: --class-labels)" };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N samples" };
        var svg = new Option<string?>("--out-svg") { Description = "Write the battery-life chart (current vs candidate per configuration) here" };
        var json = CliCommon.JsonOption();
        var cmd = new Command("preview",
            "Before a rollout: accuracy on a dataset, Cortex-M7 instructions per inference (QEMU), time and energy per inference, and " +
            "the change in projected battery life per fleet configuration (fleet-sim's model), as a table, JSON and an SVG chart")
        {
            model, against, profile, radio, scenario, dataset, labels, datasetName, classLabels, againstLabels, limit, svg, json,
        };
        cmd.SetAction(pr => CliCommon.Guard(pr, (output, error) =>
        {
            if (pr.GetValue(limit) is < 1)
            {
                throw new ModelToolException("--limit must be at least 1");
            }

            var request = new PreviewRequest(
                pr.GetValue(model)!,
                pr.GetValue(against),
                new PreviewProfiles(pr.GetValue(profile)!, pr.GetValue(radio)),
                Configurations(pr.GetValue(scenario) ?? []),
                pr.GetValue(dataset),
                pr.GetValue(labels),
                pr.GetValue(datasetName),
                EvalCommand.ParseLabels(pr.GetValue(classLabels)),
                EvalCommand.ParseLabels(pr.GetValue(againstLabels)),
                pr.GetValue(limit));
            bool interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
            var counter = new M7InstructionCounter(new M7CounterOptions { Progress = error });
            PreviewOutcome outcome = ModelPreviewTool.Run(request, counter, error, interactive);
            string? svgPath = pr.GetValue(svg);
            if (svgPath is not null)
            {
                WriteSvg(svgPath, outcome.Energy);
            }

            if (pr.GetValue(json))
            {
                PreviewCommandOutput.WriteJson(output, outcome, svgPath);
            }
            else
            {
                PreviewCommandOutput.WriteText(output, outcome, svgPath);
            }

            return 0;
        }));
        return cmd;
    }

    // FILE or FILE=DEVICES; without any, the repository's camera scenarios for the OpenMV H7 board.
    private static List<FleetConfiguration> Configurations(IReadOnlyList<string> specs)
    {
        var list = new List<FleetConfiguration>();
        foreach (string spec in specs)
        {
            string path = spec;
            int devices = 1;
            int eq = spec.LastIndexOf('=');
            if (eq > 0 && int.TryParse(spec[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                path = spec[..eq];
                devices = n;
            }

            if (!File.Exists(path))
            {
                throw new ModelToolException($"--scenario {spec}: no such scenario file");
            }

            list.Add(FleetConfiguration.FromScenarioFile(path, devices));
        }

        if (list.Count > 0)
        {
            return list;
        }

        string dir = DefaultScenarioDirectory()
                     ?? throw new ModelToolException("no --scenario given and sim/profiles was not found: give the fleet's scenario files");
        list.AddRange(Directory.GetFiles(dir, "openmv-h7-*.json").Order(StringComparer.Ordinal)
            .Where(f => !f.Contains("thermal", StringComparison.Ordinal))
            .Select(f => FleetConfiguration.FromScenarioFile(f)));
        return list;
    }

    private static string? DefaultScenarioDirectory()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                string p = Path.Combine(d.FullName, "sim", "profiles");
                if (File.Exists(Path.Combine(p, "openmv-h7-lora-sf7.json")))
                {
                    return p;
                }
            }
        }

        // Fleet.Sim's copies beside the program (a build outside the clone)
        string beside = Path.Combine(AppContext.BaseDirectory, "profiles");
        return File.Exists(Path.Combine(beside, "openmv-h7-lora-sf7.json")) ? beside : null;
    }

    private static void WriteSvg(string path, ModelPreviewResult result)
    {
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            File.WriteAllText(path, ModelPreviewPlot.Svg(result));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"--out-svg {path}: {ex.Message}", ex);
        }
    }
}
