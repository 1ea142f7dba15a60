// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Sim.Battery;
using Fleet.Sim.Energy;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Preview;

/// <summary>
/// Before a rollout: what a candidate model costs per inference on a board, and how the battery life of each fleet
/// configuration changes against the current model. The gateway and <c>fleet-model preview</c> both call this, so
/// they show the same figures, and the lives come from the same code as <c>fleet-sim battery</c> (the nominal
/// device: expected event counts, no per-device variation, run to the end of its life).
/// </summary>
/// <remarks>
/// The model only changes <c>detect.cnn_insns_per_face</c> (and <c>detect.timing</c> is forced to
/// <c>instructions</c>, since a profile time would ignore the model): how many times the CNN runs stays the
/// configuration's. In a Haar + CNN camera the Haar cascade runs on every frame and the CNN once per face it finds,
/// i.e. <c>workload.events_per_day</c> × <c>workload.faces_per_event</c> a day, plus <c>detect.cnn_per_wake</c> on
/// every wake when the configuration runs the CNN unconditionally (the seed's claim). The Haar cost, radio and
/// everything else are unchanged between the two runs.
/// </remarks>
public static class ModelEnergyPreview
{
    /// <summary>Computes the preview.</summary>
    /// <param name="candidate">The model about to be rolled out.</param>
    /// <param name="current">The model the fleet runs now, or null: each configuration keeps its own CNN figure
    /// (<c>detect.cnn_insns_per_face</c>, by default the measured smile CNN).</param>
    /// <param name="profiles">Board (and optionally radio) power profiles.</param>
    /// <param name="configurations">The fleet's configurations (may be empty: per-model figures only).</param>
    /// <param name="cancellationToken">Checked between configurations.</param>
    /// <exception cref="ScenarioException">A profile, scenario file or setting is wrong, or a model's figures are
    /// impossible; the message names which.</exception>
    public static ModelPreviewResult Compute(ModelCost candidate, ModelCost? current, PreviewProfiles profiles,
        IReadOnlyList<FleetConfiguration> configurations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(configurations);
        Check(candidate, "candidate");
        if (current is not null)
        {
            Check(current, "current");
        }

        if (string.IsNullOrWhiteSpace(profiles.Board) || profiles.Board == "none")
        {
            throw new ScenarioException("a board power profile is required (a device-firmware/profiles file or name)");
        }

        string cwd = Directory.GetCurrentDirectory();
        var baseValues = new Dictionary<string, string>(StringComparer.Ordinal) { ["board_profile"] = Locate(profiles.Board, "board", cwd) };
        if (profiles.Radio is not null)
        {
            baseValues["radio_profile"] = Locate(profiles.Radio, "radio", cwd);
        }

        Scenario board = ScenarioLoader.FromValues("preview", baseValues, cwd);
        string boardPath = board.Board!.Path;
        string? radioPath = profiles.Radio is null ? null : board.Radio?.Path ?? "none";
        double clock = board.Number("cpu.clock_mhz");
        double cpi = board.Number("cpu.cpi");
        double detectUa = board.Number("detect.current_ua");
        double supplyMv = board.Number("supply_mv");
        if (detectUa <= 0)
        {
            throw new ScenarioException($"{boardPath}: detect.current_ua is 0: the board profile cannot price an inference");
        }

        var rows = new List<ConfigurationPreview>(configurations.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (FleetConfiguration c in configurations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(c);
            if (string.IsNullOrWhiteSpace(c.Name) || !names.Add(c.Name))
            {
                throw new ScenarioException($"configuration '{c.Name}': names must be non-empty and unique");
            }

            if (c.Devices < 0)
            {
                throw new ScenarioException($"configuration '{c.Name}': devices {c.Devices} is negative");
            }

            Scenario now = Build(c, boardPath, radioPath, current?.InstructionsPerInference, cwd);
            Scenario next = Build(c, boardPath, radioPath, candidate.InstructionsPerInference, cwd);
            DeviceLife lifeNow = NominalLife(now);
            DeviceLife lifeNext = NominalLife(next);
            WorkloadParameters w = WorkloadParameters.FromScenario(next);
            double wakes = w.TimerWakesPerDay + (w.EventWakes ? w.EventsPerDay : 0);
            double perDay = (wakes * next.Number("detect.cnn_per_wake")) + (w.EventsPerDay * w.FacesPerEvent);
            long nowInsns = (long)now.Number("detect.cnn_insns_per_face");
            double diff = lifeNext.LifeDays - lifeNow.LifeDays;
            rows.Add(new ConfigurationPreview(
                c.Name, c.Devices, perDay, nowInsns,
                lifeNow.LifeDays, Reason(lifeNow), lifeNext.LifeDays, Reason(lifeNext),
                diff, lifeNow.LifeDays > 0 ? 100.0 * diff / lifeNow.LifeDays : 0.0,
                perDay * Millijoules(nowInsns, now), perDay * Millijoules(candidate.InstructionsPerInference, next)));
        }

        return new ModelPreviewResult(
            Figures(candidate, board), current is null ? null : Figures(current, board), rows,
            boardPath, radioPath, clock, cpi, detectUa, supplyMv);
    }

    /// <summary>Energy of one inference of <paramref name="instructions"/> on the scenario's board, mJ.</summary>
    public static double Millijoules(long instructions, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        double us = instructions * scenario.Number("cpu.cpi") / scenario.Number("cpu.clock_mhz");
        return DeviceEnergyModel.EnergyMj(scenario.Number("detect.current_ua") * us / 1e6, scenario.Number("supply_mv"));
    }

    private static ModelFigures Figures(ModelCost m, Scenario board) =>
        new(m, m.InstructionsPerInference * board.Number("cpu.cpi") / board.Number("cpu.clock_mhz") / 1000.0,
            Millijoules(m.InstructionsPerInference, board));

    // The same steps as BatteryStudy.Run's nominal device, without the Monte Carlo and tornado it does not need.
    private static DeviceLife NominalLife(Scenario s)
    {
        var unused = default(SimRandom);
        return LifeSimulator.Run(BatteryLifeInputs.FromScenario(s), BatteryStudy.NominalMaxDays, ref unused, useRandom: false, trackPoints: false);
    }

    private static string Reason(DeviceLife l) => l.Reason.ToString().ToLowerInvariant();

    private static Scenario Build(FleetConfiguration c, string boardPath, string? radioPath, long? instructions, string cwd)
    {
        var values = new Dictionary<string, string>(c.Settings, StringComparer.Ordinal)
        {
            ["board_profile"] = boardPath,
            ["detect.timing"] = "instructions",
        };
        if (radioPath is not null)
        {
            values["radio_profile"] = radioPath;
        }

        if (instructions is long n)
        {
            values["detect.cnn_insns_per_face"] = n.ToString(CultureInfo.InvariantCulture);
        }

        try
        {
            return c.ScenarioFile is null
                ? ScenarioLoader.FromValues(c.Name, values, cwd)
                : ScenarioLoader.Load(c.ScenarioFile, [.. values.Select(kv => $"{kv.Key}={kv.Value}")]);
        }
        catch (ScenarioException ex)
        {
            throw new ScenarioException($"configuration '{c.Name}': {ex.Message}", ex);
        }
    }

    // A profile name (openmv-h7, lora-sf7) also resolves to the copies in profiles/ beside the program, which every
    // project referencing Fleet.Sim carries, so a gateway or tool running outside the clone finds them; anything
    // else is left to the scenario loader, which looks in device-firmware/profiles and reports what it tried.
    private static string Locate(string profile, string kind, string cwd)
    {
        if (profile == "none" || File.Exists(Path.Combine(cwd, profile)) || profile.Contains('/', StringComparison.Ordinal) ||
            profile.Contains('\\', StringComparison.Ordinal))
        {
            return profile;
        }

        foreach (string file in new[] { $"{profile}.json", $"{kind}-{profile}.json" })
        {
            string beside = Path.Combine(AppContext.BaseDirectory, "profiles", file);
            if (File.Exists(beside))
            {
                return beside;
            }
        }

        return profile;
    }

    private static void Check(ModelCost m, string role)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (string.IsNullOrWhiteSpace(m.Label))
        {
            throw new ScenarioException($"{role} model: the label is empty");
        }

        if (m.InstructionsPerInference <= 0)
        {
            throw new ScenarioException($"{role} model '{m.Label}': instructions per inference {m.InstructionsPerInference} must be > 0");
        }

        if (m.Accuracy is double a && !(a >= 0 && a <= 1))
        {
            throw new ScenarioException($"{role} model '{m.Label}': accuracy {a.ToString(CultureInfo.InvariantCulture)} is outside [0, 1]");
        }
    }
}
