// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fleet.Sim.Tests.Cli;

/// <summary>docs/simulator.md's scenario table states each shipped scenario's nominal life; it must be what the
/// simulator prints, and every scenario file must be in it.</summary>
public sealed partial class SimulatorDocScenarioTableTests
{
    [Fact]
    public void ScenarioTable_NominalLives_AreWhatTheSimulatorPrints()
    {
        string doc = File.ReadAllText(Path.Combine(SimRepo.Root, "docs", "simulator.md"));
        MatchCollection rows = Row().Matches(doc);
        string[] files = [.. Directory.GetFiles(Path.Combine(SimRepo.Root, "sim", "profiles"), "*.json").Select(Path.GetFileName).Order()!];
        Assert.Equal(files, rows.Select(m => m.Groups["file"].Value).Order());

        foreach (Match m in rows)
        {
            (int code, string output, string error) = SimRepo.Run("battery", "--profile", SimRepo.Scenario(m.Groups["file"].Value),
                "--devices", "1", "--sensitivity-pct", "0", "--json");
            Assert.True(code == 0, error);
            using JsonDocument json = JsonDocument.Parse(output);
            bool years = m.Groups["unit"].Value == "years";
            double value = json.RootElement.GetProperty(years ? "life_years" : "life_days").GetDouble();
            string printed = value.ToString(years ? "0.00" : "0.0", CultureInfo.InvariantCulture);
            Assert.True(printed == m.Groups["life"].Value, $"{m.Groups["file"].Value}: simulator {printed}, doc {m.Groups["life"].Value}");
        }
    }

    [GeneratedRegex(@"^\| `(?<file>[a-z0-9-]+\.json)` \| [^|]+ \| (?<life>[0-9.]+) (?<unit>d|years)\b", RegexOptions.Multiline)]
    private static partial Regex Row();
}
