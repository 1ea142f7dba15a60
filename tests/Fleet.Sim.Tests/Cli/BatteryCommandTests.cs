// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;

namespace Fleet.Sim.Tests.Cli;

public sealed class BatteryCommandTests
{
    private static readonly string Seed = SimRepo.Scenario("seed-claim.json");

    [Fact]
    public void SeedClaim_Json_LifeEqualsCapacityOverAverageCurrentFromTheBoardProfile()
    {
        // The seed's inputs, read here from the board profile the scenario references: floor, detect current, CNN time.
        using JsonDocument board = JsonDocument.Parse(File.ReadAllText(SimRepo.Profile("openmv-h7.json")));
        double floorUa = board.RootElement.GetProperty("sleep").GetProperty("standby").GetProperty("current_ua").GetProperty("value").GetDouble();
        JsonElement detect = board.RootElement.GetProperty("detect");
        double detectUa = detect.GetProperty("current_ua").GetProperty("value").GetDouble();
        double cnnUs = detect.GetProperty("cnn_us_per_face").GetProperty("value").GetDouble();

        // Sleep fills the minute minus the time awake, as in the firmware's ledger.
        double perMinuteUc = (floorUa * (60 - (cnnUs / 1e6))) + (detectUa * cnnUs / 1e6);
        double expectedDays = 1_000_000.0 * 3600 / (perMinuteUc / 60) / 86_400;

        (int code, string output, _) = SimRepo.Run("battery", "--profile", Seed, "--json", "--devices", "200", "--no-progress");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement r = json.RootElement;
        Assert.Equal(expectedDays, r.GetProperty("life_days").GetDouble(), 6);
        Assert.InRange(r.GetProperty("life_days").GetDouble(), 416, 418); // power-figures.md §6: 417 days
        foreach (string key in new[] { "p10_days", "p50_days", "p90_days", "elapsed_s", "energy_by_state", "sensitivity" })
        {
            Assert.True(r.TryGetProperty(key, out _), key);
        }
    }

    [Fact]
    public void Set_OverridesAValue_AndTheLifeFollows()
    {
        (int code, string output, _) = SimRepo.Run("battery", "--profile", Seed, "--set", "sleep.current_ua=1840", "--json",
            "--devices", "1", "--sensitivity-pct", "0");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal("1840", json.RootElement.GetProperty("inputs").GetProperty("sleep.current_ua").GetString());
        Assert.InRange(json.RootElement.GetProperty("life_days").GetDouble(), 21.5, 22.5); // §6 F: 22 days
    }

    [Theory]
    [InlineData("sleep.curent_ua=50", "unknown key 'sleep.curent_ua'")]
    [InlineData("sleep.current_ua=abc", "is not a number")]
    [InlineData("sleep.current_ua=-1", "outside")]
    [InlineData("sleep.current_ua=NaN", "is not a number")]
    [InlineData("sleep.mode=hibernate", "expected one of cpu, stop, standby")]
    [InlineData("battery.ocv=0:4.2,1:3.0", "OCV")]
    [InlineData("workload.daily_profile=1,2,3", "24")]
    [InlineData("radio_profile=no-such-radio", "not found")]
    [InlineData("sleep.current_ua", "expected key=value")]
    [InlineData("battery.cutoff_v=4.3", "could never run")]
    [InlineData("workload.wake_interval_s=0 --set workload.events_per_day=3", "event_trigger=pir")]
    public void Set_BadKeyOrValue_Exit2WithAClearMessage(string set, string message)
    {
        string[] sets = [.. set.Split(" --set ").SelectMany(x => new[] { "--set", x })];
        (int code, string output, string error) = SimRepo.Run(["battery", "--profile", Seed, .. sets, "--json"]);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"format\": \"fleet-sim-scenario/1\", \"sleep\": {\"curent_ua\": 5}}", "unknown key 'sleep.curent_ua'")]
    [InlineData("{\"format\": \"fleet-sim-scenario/1\", \"sleep\": {\"current_ua\": \"5\"}}", "must be a JSON number")]
    [InlineData("{\"format\": \"fleet-sim-scenario/2\"}", "expected 'fleet-sim-scenario/1'")]
    [InlineData("{\"format\": \"fleet-sim-scenario/1\", \"sensor\": 3}", "must be text")]
    [InlineData("{\"format\": \"fleet-sim-scenario/1\", \"board_profile\": \"missing.json\"}", "not found")]
    [InlineData("{\"format\": \"fleet-sim-scenario/1\",", "not valid JSON")]
    public void Profile_BadScenarioFile_Exit2(string content, string message)
    {
        string path = Path.Combine(Path.GetTempPath(), $"simbattery-test-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        try
        {
            (int code, _, string error) = SimRepo.Run("battery", "--profile", path, "--json");

            Assert.Equal(2, code);
            Assert.Contains(message, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Profile_BoardProfileWithoutSource_Exit2()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"simbattery-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string board = File.ReadAllText(SimRepo.Profile("openmv-h7.json"));
            int at = board.IndexOf("\"source\"", board.IndexOf("\"stop\"", StringComparison.Ordinal), StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir, "board.json"), board[..at] + "\"note\"" + board[(at + 8)..]);
            File.WriteAllText(Path.Combine(dir, "s.json"), "{\"format\": \"fleet-sim-scenario/1\", \"board_profile\": \"board.json\"}");

            (int code, _, string error) = SimRepo.Run("battery", "--profile", Path.Combine(dir, "s.json"), "--json");

            Assert.Equal(2, code);
            Assert.Contains("has no source", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Options_OutOfRange_Exit2_AndMissingProfile_Exit2()
    {
        Assert.Equal(2, SimRepo.Run("battery", "--profile", Seed, "--devices", "0").Code);
        Assert.Equal(2, SimRepo.Run("battery", "--profile", Seed, "--years", "0").Code);
        Assert.Equal(2, SimRepo.Run("battery").Code);
        Assert.Equal(1, SimRepo.Run("battery", "--profile", Seed, "--no-such-option").Code);
    }

    [Fact]
    public void MonteCarlo_SameSeed_SameFigures_DifferentSeed_DifferentFigures_PercentilesOrdered()
    {
        string scenario = SimRepo.Scenario("openmv-h7-lora-sf7.json");
        string[] common = ["battery", "--profile", scenario, "--devices", "300", "--years", "1", "--sensitivity-pct", "0", "--json"];
        JsonElement a = Parse(SimRepo.Run([.. common, "--seed", "7"]).Out);
        JsonElement b = Parse(SimRepo.Run([.. common, "--seed", "7"]).Out);
        JsonElement c = Parse(SimRepo.Run([.. common, "--seed", "8"]).Out);

        foreach (string key in new[] { "p10_days", "p50_days", "p90_days" })
        {
            Assert.Equal(a.GetProperty(key).GetDouble(), b.GetProperty(key).GetDouble());
        }

        Assert.NotEqual(a.GetProperty("p50_days").GetDouble(), c.GetProperty("p50_days").GetDouble());
        Assert.True(a.GetProperty("p10_days").GetDouble() < a.GetProperty("p50_days").GetDouble());
        Assert.True(a.GetProperty("p50_days").GetDouble() < a.GetProperty("p90_days").GetDouble());
    }

    [Fact]
    public void Json_ProgressGoesToStderr_StdoutIsOnlyJson()
    {
        (int code, string output, string error) = SimRepo.Run("battery", "--profile", Seed, "--devices", "2000", "--years", "1",
            "--sensitivity-pct", "0", "--json");

        Assert.Equal(0, code);
        Assert.Contains("100 %", error, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, Parse(output).ValueKind);
    }

    [Fact]
    public void Plots_WritesThreeWellFormedSvgs()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"simbattery-plots-{Guid.NewGuid():N}");
        try
        {
            (int code, _, string error) = SimRepo.Run("battery", "--profile", SimRepo.Scenario("openmv-h7-ltem.json"), "--devices", "10",
                "--plots", dir);

            Assert.True(code == 0, error);
            foreach (string f in new[] { "soc-voltage.svg", "energy-breakdown.svg", "tornado.svg" })
            {
                XDocument svg = XDocument.Load(Path.Combine(dir, f));
                Assert.Equal("svg", svg.Root!.Name.LocalName);
                Assert.NotEmpty(svg.Root.Elements());
            }

            Assert.Contains("polyline", File.ReadAllText(Path.Combine(dir, "soc-voltage.svg")), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void Sensitivity_SeedClaim_CapacityMovesLifeMost_AndBarsAreSorted()
    {
        JsonElement r = Parse(SimRepo.Run("battery", "--profile", Seed, "--devices", "1", "--json").Out);
        JsonElement[] rows = [.. r.GetProperty("sensitivity").EnumerateArray()];

        Assert.Equal("battery.capacity_mah", rows[0].GetProperty("key").GetString());
        double life = r.GetProperty("life_days").GetDouble();
        Assert.Equal(life * 0.8, rows[0].GetProperty("low_life_days").GetDouble(), 6);
        double[] swings = [.. rows.Select(x => x.GetProperty("swing_days").GetDouble())];
        Assert.Equal(swings.OrderByDescending(x => x), swings);
    }

    [Fact]
    public void ListKeys_PrintsEveryKeyOnce()
    {
        (int code, string output, _) = SimRepo.Run("battery", "--list-keys");

        Assert.Equal(0, code);
        foreach (Fleet.Sim.Workload.ScenarioParameter p in Fleet.Sim.Workload.ScenarioParameters.All)
        {
            Assert.Contains(p.Key + " ", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryShippedScenario_Runs()
    {
        foreach (string f in Directory.GetFiles(Path.Combine(SimRepo.Root, "sim", "profiles"), "*.json"))
        {
            (int code, string output, string error) = SimRepo.Run("battery", "--profile", f, "--devices", "5", "--sensitivity-pct", "0", "--json");
            Assert.True(code == 0, $"{f}: {error}");
            double life = Parse(output).GetProperty("life_days").GetDouble();
            Assert.True(life > 0 && double.IsFinite(life), $"{f}: life {life.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static JsonElement Parse(string json)
    {
        using JsonDocument d = JsonDocument.Parse(json);
        return d.RootElement.Clone();
    }
}
