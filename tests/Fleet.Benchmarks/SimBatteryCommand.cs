// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.Json;
using Fleet.Sim.Battery;
using Fleet.Sim.Workload;

namespace Fleet.Benchmarks;

/// <summary>
/// <c>fleet-bench sim-battery [--devices 10000] [--years 1] [--runs 3] [--profile FILE …] [--json]</c>: wall-clock
/// time of <c>fleet-sim battery</c>'s Monte Carlo run (the issue's figure: 10,000 devices for one year in under 10 s)
/// per scenario, each run timed on its own; prints the figures, asserts nothing.
/// </summary>
internal static class SimBatteryCommand
{
    public static int Run(string[] args)
    {
        int devices = 10_000, runs = 3;
        double years = 1;
        bool json = false;
        var profiles = new List<string>();
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--devices": devices = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--years": years = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--profile": profiles.Add(args[++i]); break;
                    case "--json": json = true; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }

            if (devices < 1 || runs < 1 || !(years > 0 && years <= 100))
            {
                throw new ArgumentException("--devices and --runs must be >= 1, --years in (0, 100]");
            }

            if (profiles.Count == 0)
            {
                string dir = FindProfiles();
                profiles.Add(Path.Combine(dir, "seed-claim.json"));
                profiles.Add(Path.Combine(dir, "openmv-h7-lora-sf7.json"));
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            Console.Error.WriteLine($"fleet-bench sim-battery: {ex.Message}");
            return 2;
        }

        var results = new List<object>();
        Console.Error.WriteLine($"host: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        foreach (string profile in profiles)
        {
            Scenario scenario;
            try
            {
                scenario = ScenarioLoader.Load(profile, []);
            }
            catch (ScenarioException ex)
            {
                Console.Error.WriteLine($"fleet-bench sim-battery: {ex.Message}");
                return 2;
            }

            var mc = new List<double>();
            var whole = new List<double>();
            BatteryReport? last = null;
            for (int r = 0; r < runs; r++)
            {
                last = BatteryStudy.Run(scenario, devices, years, seed: 1, sensitivityStep: 0.2, progress: null, out _, CancellationToken.None);
                mc.Add(last.MonteCarloS);
                whole.Add(last.ElapsedS);
            }

            mc.Sort();
            whole.Sort();
            results.Add(new
            {
                scenario = scenario.Name, devices, years, runs,
                monte_carlo_s = mc, elapsed_s = whole, median_monte_carlo_s = mc[mc.Count / 2], median_elapsed_s = whole[whole.Count / 2],
                p10_days = last!.P10Days, p50_days = last.P50Days, p90_days = last.P90Days,
            });
            if (!json)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{scenario.Name,-24} {devices} devices x {years} y: Monte Carlo {string.Join(" / ", mc.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))} s " +
                    $"(median {mc[mc.Count / 2]:0.00} s); whole run median {whole[whole.Count / 2]:0.00} s; " +
                    $"P10/P50/P90 {last.P10Days:0.0} / {last.P50Days:0.0} / {last.P90Days:0.0} days"));
            }
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        }

        return 0;
    }

    private static string FindProfiles()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                string p = Path.Combine(d.FullName, "sim", "profiles");
                if (File.Exists(Path.Combine(p, "seed-claim.json")))
                {
                    return p;
                }
            }
        }

        throw new ArgumentException("sim/profiles not found above the working directory; pass --profile FILE");
    }
}
