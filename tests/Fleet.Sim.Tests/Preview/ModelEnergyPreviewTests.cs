// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Fleet.Sim.Preview;
using Fleet.Sim.Tests.Cli;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Tests.Preview;

public sealed class ModelEnergyPreviewTests
{
    private static readonly PreviewProfiles H7Lora = new(SimRepo.Profile("openmv-h7.json"), SimRepo.Profile("radio-lora-sf7.json"));

    private static ModelCost Model(string label, long insns) => new(label, insns, 20_000, 40_000, null, null);

    private static FleetConfiguration[] Configs() =>
    [
        FleetConfiguration.FaceCamera("busy door", 10, wakeIntervalS: 60, eventsPerDay: 400, facesPerEvent: 1.5),
        FleetConfiguration.FaceCamera("quiet hall", 25, wakeIntervalS: 300, eventsPerDay: 5),
    ];

    [Fact]
    public void MoreInstructions_ShorterLife_InEveryConfiguration_AndMoreEnergyPerInference()
    {
        ModelPreviewResult r = ModelEnergyPreview.Compute(Model("big", 20_000_000), Model("small", 5_000_000), H7Lora, Configs());

        Assert.Equal(2, r.Configurations.Count);
        Assert.True(r.Candidate.MillijoulesPerInference > r.Current!.MillijoulesPerInference);
        foreach (ConfigurationPreview c in r.Configurations)
        {
            Assert.True(c.CandidateLifeDays < c.CurrentLifeDays, c.Name);
            Assert.True(c.DifferenceDays < 0, c.Name);
            Assert.Equal(c.CandidateLifeDays - c.CurrentLifeDays, c.DifferenceDays, 9);
            Assert.True(c.CandidateCnnMjPerDay > c.CurrentCnnMjPerDay, c.Name);
        }

        // The busy door runs the CNN far more often, so the same model change costs it a larger share of its life.
        Assert.True(r.Configurations[0].DifferencePct < r.Configurations[1].DifferencePct);

        ModelPreviewResult back = ModelEnergyPreview.Compute(Model("small", 5_000_000), Model("big", 20_000_000), H7Lora, Configs());
        Assert.All(back.Configurations, c => Assert.True(c.DifferenceDays > 0, c.Name));
    }

    [Fact]
    public void EqualModels_ZeroDifference()
    {
        ModelPreviewResult r = ModelEnergyPreview.Compute(Model("a", 7_000_000), Model("b", 7_000_000), H7Lora, Configs());

        Assert.All(r.Configurations, c =>
        {
            Assert.Equal(0.0, c.DifferenceDays);
            Assert.Equal(c.CurrentLifeDays, c.CandidateLifeDays);
        });
    }

    [Theory]
    [InlineData("openmv-h7-lora-sf7.json")]
    [InlineData("seed-claim.json")]
    [InlineData("openmv-h7-wifi-pir.json")]
    public void Lives_EqualADirectFleetSimBatteryRun_OnTheSameScenario(string scenarioFile)
    {
        string scenario = SimRepo.Scenario(scenarioFile);
        string board = SimRepo.Profile("openmv-h7.json");
        const long Candidate = 11_234_567, Current = 3_100_000;

        ModelPreviewResult r = ModelEnergyPreview.Compute(Model("cand", Candidate), Model("cur", Current), new PreviewProfiles(board),
            [FleetConfiguration.FromScenarioFile(scenario, devices: 3)]);

        ConfigurationPreview c = Assert.Single(r.Configurations);
        Assert.Equal(Battery(scenario, board, Candidate), c.CandidateLifeDays);
        Assert.Equal(Battery(scenario, board, Current), c.CurrentLifeDays);
    }

    [Fact]
    public void NoCurrentModel_KeepsTheConfigurationsOwnCnnFigure()
    {
        string scenario = SimRepo.Scenario("openmv-h7-lora-sf7.json");
        double configured = double.Parse(
            ScenarioParameters.Find("detect.cnn_insns_per_face")!.Default, CultureInfo.InvariantCulture);

        ModelPreviewResult r = ModelEnergyPreview.Compute(Model("cand", 9_000_000), null, H7Lora,
            [FleetConfiguration.FromScenarioFile(scenario)]);

        Assert.Null(r.Current);
        ConfigurationPreview c = Assert.Single(r.Configurations);
        Assert.Equal((long)configured, c.CurrentInstructions);
        Assert.Equal(Battery(scenario, SimRepo.Profile("openmv-h7.json"), (long)configured, SimRepo.Profile("radio-lora-sf7.json")), c.CurrentLifeDays);
    }

    [Fact]
    public void PerInferenceFigures_FollowTheBoardProfile_AndInferencesCountFacesPerEvent()
    {
        using JsonDocument board = JsonDocument.Parse(File.ReadAllText(SimRepo.Profile("openmv-h7.json")));
        JsonElement root = board.RootElement;
        double detectUa = root.GetProperty("detect").GetProperty("current_ua").GetProperty("value").GetDouble();
        double supplyMv = root.GetProperty("supply_mv").GetProperty("value").GetDouble();
        double clock = double.Parse(ScenarioParameters.Find("cpu.clock_mhz")!.Default, CultureInfo.InvariantCulture);
        double cpi = double.Parse(ScenarioParameters.Find("cpu.cpi")!.Default, CultureInfo.InvariantCulture);
        const long Insns = 7_130_000;

        ModelPreviewResult r = ModelEnergyPreview.Compute(Model("m", Insns), null, H7Lora,
            [FleetConfiguration.FaceCamera("door", 1, wakeIntervalS: 60, eventsPerDay: 40, facesPerEvent: 1.5, cnnPerWake: 1)]);

        double ms = Insns * cpi / clock / 1000;
        Assert.Equal(ms, r.Candidate.MillisecondsPerInference, 9);
        Assert.Equal(detectUa * 1e-6 * ms * 1e-3 * supplyMv * 1e-3 * 1e3, r.Candidate.MillijoulesPerInference, 9);
        // 1440 timer wakes with one unconditional run each, plus 40 events x 1.5 faces.
        Assert.Equal(1440 + 60, r.Configurations[0].InferencesPerDay, 9);
        Assert.Equal(1500 * r.Candidate.MillijoulesPerInference, r.Configurations[0].CandidateCnnMjPerDay, 6);
    }

    [Fact]
    public void BadProfiles_AndBadModels_AreRejectedWithTheirName()
    {
        FleetConfiguration[] configs = Configs();
        ModelCost m = Model("m", 1_000_000);

        var swapped = Assert.Throws<ScenarioException>(() =>
            ModelEnergyPreview.Compute(m, null, new PreviewProfiles(SimRepo.Profile("radio-lora-sf7.json")), configs));
        Assert.Contains("where a 'board' profile is needed", swapped.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<ScenarioException>(() =>
            ModelEnergyPreview.Compute(m, null, new PreviewProfiles("/no/such/board.json"), configs));
        Assert.Contains("not found", missing.Message, StringComparison.Ordinal);

        string broken = Path.Combine(Path.GetTempPath(), $"preview-test-{Guid.NewGuid():N}.json");
        File.WriteAllText(broken, "{\"format\": \"fleet-power-profile/1\", \"kind\": \"board\",");
        try
        {
            var bad = Assert.Throws<ScenarioException>(() => ModelEnergyPreview.Compute(m, null, new PreviewProfiles(broken), configs));
            Assert.Contains("not valid JSON", bad.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }

        Assert.Throws<ScenarioException>(() => ModelEnergyPreview.Compute(m, null, new PreviewProfiles("none"), configs));
        Assert.Throws<ScenarioException>(() => ModelEnergyPreview.Compute(Model("zero", 0), null, H7Lora, configs));
        Assert.Throws<ScenarioException>(() => ModelEnergyPreview.Compute(m with { Accuracy = 1.5 }, null, H7Lora, configs));

        var badKey = Assert.Throws<ScenarioException>(() => ModelEnergyPreview.Compute(m, null, H7Lora,
            [new FleetConfiguration("typo", 1, new Dictionary<string, string> { ["workload.wake_intervall_s"] = "60" })]));
        Assert.Contains("configuration 'typo'", badKey.Message, StringComparison.Ordinal);
        Assert.Contains("unknown key", badKey.Message, StringComparison.Ordinal);

        Assert.Throws<ScenarioException>(() => ModelEnergyPreview.Compute(m, null, H7Lora, [configs[0], configs[0]]));
    }

    [Fact]
    public void Plot_IsSvg_WithARowPerConfiguration_AndLabelledAxis()
    {
        ModelPreviewResult r = ModelEnergyPreview.Compute(Model("smile-v4 <new>", 9_000_000), Model("smile-v3", 7_133_187), H7Lora, Configs());

        string svg = ModelPreviewPlot.Svg(r);

        XDocument doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        string[] texts = [.. doc.Descendants(ns + "text").Select(t => t.Value)];
        Assert.Contains(texts, t => t.Contains("busy door", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("quiet hall", StringComparison.Ordinal));
        Assert.Contains("nominal battery life (days)", texts);
        Assert.Contains(texts, t => t.Contains("smile-v4 <new>", StringComparison.Ordinal));
        string first = r.Configurations[0].CandidateLifeDays.ToString("0.0", CultureInfo.InvariantCulture);
        Assert.Contains(first, texts);
    }

    private static double Battery(string scenario, string board, long insns, string? radio = null)
    {
        List<string> args = ["battery", "--profile", scenario, "--set", $"board_profile={board}", "--set", $"detect.cnn_insns_per_face={insns}",
            "--set", "detect.timing=instructions", "--devices", "1", "--sensitivity-pct", "0", "--json", "--no-progress"];
        if (radio is not null)
        {
            args.AddRange(["--set", $"radio_profile={radio}"]);
        }

        (int code, string output, string error) = SimRepo.Run([.. args]);
        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("life_days").GetDouble();
    }
}
