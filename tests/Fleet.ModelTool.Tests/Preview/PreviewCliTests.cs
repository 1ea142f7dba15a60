// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Fleet.ModelTool.Preview;
using Fleet.ModelTool.Tests.Cli;
using Fleet.Sim.Battery;
using Fleet.Sim.Workload;

namespace Fleet.ModelTool.Tests.Preview;

/// <summary><c>fleet-model preview</c> end to end, in process, on models quantized into a temporary folder.</summary>
[Collection("qemu-m7")]
public sealed class PreviewCliTests : IDisposable
{
    private static readonly string Board = PreviewPaths.Profile("openmv-h7.json");
    private static readonly string Scenario = PreviewPaths.Scenario("openmv-h7-lora-sf7.json");
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-preview-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [M7Fact]
    public void Json_BiggerCandidate_ShorterLife_FiguresEqualTheCounterEvalAndFleetSim()
    {
        (string current, string images, string labels) = PreviewModels.Tiny(_dir);
        string candidate = PreviewModels.Lenet(_dir);
        string lenetImages = Path.Combine(_dir, "lenet-images.idx"), lenetLabels = Path.Combine(_dir, "lenet-labels.idx");
        string svg = Path.Combine(_dir, "out", "preview.svg");
        _ = images;
        _ = labels;

        CliRun run = CliRun.Invoke("preview", candidate, "--against", current, "--profile", Board, "--scenario", Scenario + "=40",
            "--dataset", lenetImages, "--labels", lenetLabels, "--dataset-name", "noise-40", "--against-class-labels", "0,1,2,3",
            "--out-svg", svg, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("preview: counting Cortex-M7 instructions", run.Stderr, StringComparison.Ordinal); // progress on stderr
        JsonElement j = run.Json();
        var counter = new M7InstructionCounter();
        long candInsns = counter.Count(candidate).InstructionsPerInference;
        long curInsns = counter.Count(current).InstructionsPerInference;
        Assert.Equal(candInsns, j.GetProperty("candidate").GetProperty("instructionsPerInference").GetInt64());
        Assert.Equal(curInsns, j.GetProperty("current").GetProperty("instructionsPerInference").GetInt64());

        double evalAcc = CliRun.Invoke("eval", candidate, "--images", lenetImages, "--labels", lenetLabels, "--json").Json().GetProperty("accuracy").GetDouble();
        JsonElement report = j.GetProperty("candidateReport");
        Assert.Equal(["instructionsPerInference", "instructionsSource", "accuracy", "accuracyDataset", "accuracySamples", "tool"],
            report.EnumerateObject().Select(p => p.Name));
        Assert.Equal(candInsns, report.GetProperty("instructionsPerInference").GetInt64());
        Assert.Equal("qemu-mps2-an500", report.GetProperty("instructionsSource").GetString());
        Assert.Equal(evalAcc, report.GetProperty("accuracy").GetDouble());
        Assert.Equal("noise-40", report.GetProperty("accuracyDataset").GetString());
        Assert.Equal(40, report.GetProperty("accuracySamples").GetInt32());
        Assert.StartsWith("fleet-model ", report.GetProperty("tool").GetString(), StringComparison.Ordinal);

        JsonElement c = Assert.Single(j.GetProperty("configurations").EnumerateArray());
        Assert.Equal(40, c.GetProperty("devices").GetInt32());
        Assert.Equal(Battery(candInsns), c.GetProperty("candidateLifeDays").GetDouble());
        Assert.Equal(Battery(curInsns), c.GetProperty("currentLifeDays").GetDouble());
        Assert.True(c.GetProperty("differenceDays").GetDouble() < 0); // LeNet costs more than the 6x6 net
        XDocument.Parse(File.ReadAllText(svg));
    }

    [M7Fact]
    public void Text_WithoutAgainst_UsesTheConfiguredCnn_AndPrintsTheTable()
    {
        string model = PreviewModels.Tiny(_dir).Model;

        CliRun run = CliRun.Invoke("preview", model, "--profile", "openmv-h7", "--radio", "lora-sf7", "--scenario", Scenario);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("candidate", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("openmv-h7-lora-sf7", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("no --against", run.Stdout, StringComparison.Ordinal);
        // A 6x6 net is far cheaper than the measured smile CNN the scenario carries: the life gets longer.
        Assert.Matches(@"openmv-h7-lora-sf7 .* \+\d+\.\d+ d", run.Stdout);
    }

    [Fact]
    public void BadInputs_Exit2_WithOneLine_BeforeAnyCounting()
    {
        string model = Path.Combine(_dir, "m.flmd");
        File.WriteAllBytes(model, [.. "FLMD"u8, .. new byte[200]]);
        string seedLike = Path.Combine(_dir, "x.network");
        File.WriteAllBytes(seedLike, [1, 2, 3]);
        string badJson = Path.Combine(_dir, "board.json");
        File.WriteAllText(badJson, "{\"format\": \"fleet-power-profile/1\",");

        CliRun.Invoke("preview", Path.Combine(_dir, "none.flmd"), "--profile", Board, "--scenario", Scenario).AssertOneLineError("none.flmd");
        CliRun.Invoke("preview", model, "--profile", Board, "--scenario", Scenario).AssertOneLineError("is invalid");
        CliRun.Invoke("preview", seedLike, "--profile", Board, "--scenario", Scenario).AssertOneLineError("is invalid");

        string good = PreviewPaths.SeedModel("smile.network");
        string valid = File.Exists(good) ? good : WriteTinyWithoutQuantize();
        CliRun.Invoke("preview", valid, "--profile", badJson, "--scenario", Scenario).AssertOneLineError("not valid JSON");
        CliRun.Invoke("preview", valid, "--profile", PreviewPaths.Profile("radio-lora-sf7.json"), "--scenario", Scenario)
            .AssertOneLineError("where a 'board' profile is needed");
        CliRun.Invoke("preview", valid, "--profile", Board, "--radio", Board, "--scenario", Scenario).AssertOneLineError("'radio' profile");
        CliRun.Invoke("preview", valid, "--profile", Board, "--scenario", Path.Combine(_dir, "no.json")).AssertOneLineError("no such scenario file");
        CliRun.Invoke("preview", valid, "--profile", Board, "--scenario", Scenario, "--dataset", "x.idx").AssertOneLineError("go together");
        Assert.Equal(2, CliRun.Invoke("preview", valid, "--profile", Board, "--scenario", Scenario, "--limit", "0").ExitCode);
        Assert.Equal(1, CliRun.Invoke("preview", valid).ExitCode); // --profile is required: usage
    }

    [Fact]
    public void Help_ListsTheOptions()
    {
        CliRun run = CliRun.Invoke("preview", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (string o in new[] { "--against", "--profile", "--radio", "--scenario", "--dataset", "--labels", "--out-svg", "--json" })
        {
            Assert.Contains(o, run.Stdout, StringComparison.Ordinal);
        }
    }

    private string WriteTinyWithoutQuantize() => PreviewModels.Tiny(_dir).Model;

    // fleet-sim battery's nominal life for the scenario with this CNN cost on the preview's board.
    private static double Battery(long insns)
    {
        Scenario s = ScenarioLoader.Load(Scenario, [$"board_profile={Board}", "detect.timing=instructions",
            $"detect.cnn_insns_per_face={insns.ToString(CultureInfo.InvariantCulture)}"]);
        return BatteryStudy.Run(s, 1, 1, 1, 0, null, out _, CancellationToken.None).LifeDays;
    }
}
