// SPDX-License-Identifier: MIT
using Fleet.Sim.Workload;

namespace Fleet.Sim.Battery;

/// <summary>
/// One-at-a-time sensitivity (the tornado chart): every non-zero number marked for it in
/// <see cref="ScenarioParameters"/> is set to × (1 ± step) and the nominal device re-simulated. Sorted by swing.
/// </summary>
public static class SensitivityAnalysis
{
    /// <summary>Runs the analysis.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="step">Relative step, e.g. 0.2 for ±20 %.</param>
    /// <param name="maxDays">Horizon of each nominal run.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static IReadOnlyList<SensitivityRow> Run(Scenario scenario, double step, int maxDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ScenarioParameter[] keys = [.. ScenarioParameters.All.Where(p =>
            p.Kind == ScenarioParameterKind.Number && p.InTornado && scenario.Number(p.Key) != 0 && Matters(scenario, p.Key))];
        var rows = new SensitivityRow[keys.Length];
        Parallel.For(0, keys.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            string key = keys[i].Key;
            double v = scenario.Number(key);
            rows[i] = new SensitivityRow(key, v, Life(scenario.WithNumber(key, v * (1 - step)), maxDays),
                Life(scenario.WithNumber(key, v * (1 + step)), maxDays));
        });
        return [.. rows.OrderByDescending(r => r.SwingDays).ThenBy(r => r.Key, StringComparer.Ordinal)];
    }

    /// <summary>Life of the nominal (expected-value) device of a scenario, days.</summary>
    public static double Life(Scenario scenario, int maxDays)
    {
        var unused = default(SimRandom);
        return LifeSimulator.Run(BatteryLifeInputs.FromScenario(scenario), maxDays, ref unused, useRandom: false, trackPoints: false).LifeDays;
    }

    // Inputs that the chosen options switch off (profile figures under instruction timing and vice versa) would only
    // add zero-width bars.
    private static bool Matters(Scenario s, string key)
    {
        bool insns = s.Text("detect.timing") == "instructions";
        return key switch
        {
            "detect.haar_us_per_qvga" or "detect.cnn_us_per_face" or "detect.thermal_us_per_frame" => !insns,
            "detect.haar_insns_per_qvga" or "detect.cnn_insns_per_face" or "detect.thermal_insns_per_frame" or "cpu.cpi" or "cpu.clock_mhz" => insns,
            "regulator.efficiency" => s.Text("regulator.kind") == "buck",
            _ => true,
        };
    }
}
