// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Globalization;
using Fleet.Sim.Battery;
using Fleet.Sim.Plots;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Cli;

/// <summary>
/// <c>battery --profile FILE [--set key=value …] [--devices N] [--years Y] [--seed S] [--json] [--plots DIR]</c>:
/// battery life of a scenario (docs/simulator.md). Exit 0 ok, 1 usage, 2 bad input, 3 internal.
/// </summary>
internal static class BatteryCommand
{
    public static Command Create()
    {
        var profile = new Option<string?>("--profile") { Description = "Scenario file (fleet-sim-scenario/1), e.g. sim/profiles/seed-claim.json" };
        var set = new Option<string[]>("--set")
        {
            Description = "Override any input: key=value (repeatable; --list-keys shows the keys)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var devices = new Option<int>("--devices") { Description = "Monte Carlo fleet size (default 1000)", DefaultValueFactory = _ => 1000 };
        var years = new Option<double>("--years") { Description = "Monte Carlo horizon in years; devices still running are extrapolated (default 10)", DefaultValueFactory = _ => 10.0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the Monte Carlo run (default 1)", DefaultValueFactory = _ => 1UL };
        var step = new Option<double>("--sensitivity-pct") { Description = "Tornado step, ± percent (default 20; 0 = none)", DefaultValueFactory = _ => 20.0 };
        var plots = new Option<string?>("--plots") { Description = "Write soc-voltage.svg, energy-breakdown.svg and tornado.svg into this directory" };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON on stdout" };
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress bar on stderr" };
        var listKeys = new Option<bool>("--list-keys") { Description = "List every input key with its unit, default and meaning, then exit" };
        var cmd = new Command("battery",
            "Battery life of a sensor: energy by firmware ledger state from the board and radio power profiles, LiPo model " +
            "(OCV, sag and brown-out, cold, self-discharge, ageing), workload; nominal life, Monte Carlo P10/P50/P90, tornado")
        {
            profile, set, devices, years, seed, step, plots, json, noProgress, listKeys,
        };
        cmd.SetAction(pr => BatteryCli.Guard(pr, (output, error) =>
        {
            if (pr.GetValue(listKeys))
            {
                BatteryCli.ListKeys(output);
                return 0;
            }

            string path = pr.GetValue(profile) ?? throw new ScenarioException("--profile FILE is required (e.g. sim/profiles/seed-claim.json)");
            int n = pr.GetValue(devices);
            double y = pr.GetValue(years);
            double pct = pr.GetValue(step);
            if (n is < 1 or > 10_000_000)
            {
                throw new ScenarioException($"--devices {n}: expected 1 to 10000000");
            }

            if (!(y > 0 && y <= 100))
            {
                throw new ScenarioException($"--years {y.ToString(CultureInfo.InvariantCulture)}: expected a value in (0, 100]");
            }

            if (!(pct >= 0 && pct < 100))
            {
                throw new ScenarioException($"--sensitivity-pct {pct.ToString(CultureInfo.InvariantCulture)}: expected a value in [0, 100)");
            }

            Scenario scenario = ScenarioLoader.Load(path, pr.GetValue(set) ?? []);
            using var bar = new BatteryProgressBar(error, n, enabled: !pr.GetValue(noProgress) && n >= 1000);
            BatteryReport report = BatteryStudy.Run(scenario, n, y, pr.GetValue(seed), pct / 100, bar.Report, out DeviceLife nominal,
                CancellationToken.None);
            bar.Finish();
            string? dir = pr.GetValue(plots);
            if (dir is not null)
            {
                WritePlots(dir, scenario, report, nominal);
            }

            if (pr.GetValue(json))
            {
                BatteryCli.WriteJson(output, report);
            }
            else
            {
                BatteryCli.WriteText(output, report);
            }

            return 0;
        }));
        return cmd;
    }

    private static void WritePlots(string dir, Scenario scenario, BatteryReport report, DeviceLife nominal)
    {
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "soc-voltage.svg"),
                SocVoltagePlot.Render($"{report.Scenario}: nominal device, {report.LifeDays:0.#} days", nominal.Trajectory, report.LifeDays,
                    scenario.Number("battery.cutoff_v")));
            File.WriteAllText(Path.Combine(dir, "energy-breakdown.svg"),
                EnergyBreakdownPlot.Render($"{report.Scenario}: charge by state over the nominal life", report.EnergyByState));
            File.WriteAllText(Path.Combine(dir, "tornado.svg"),
                TornadoPlot.Render($"{report.Scenario}: life (days)", report.Sensitivity, report.LifeDays, report.SensitivityPct));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException($"--plots {dir}: {ex.Message}", ex);
        }
    }
}
