// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Fleet.Sim.Energy;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Battery;

/// <summary>
/// The whole <c>fleet-sim battery</c> run: the nominal device to the end of its life, the Monte Carlo fleet up to the
/// horizon, the sensitivity analysis, and the report.
/// </summary>
public static class BatteryStudy
{
    /// <summary>Longest life the nominal and sensitivity runs step through before extrapolating, days (100 years).</summary>
    public const int NominalMaxDays = 36_525;

    /// <summary>Runs the study.</summary>
    /// <param name="scenario">Resolved scenario.</param>
    /// <param name="devices">Monte Carlo fleet size (≥ 1).</param>
    /// <param name="years">Monte Carlo horizon.</param>
    /// <param name="seed">Run seed.</param>
    /// <param name="sensitivityStep">Relative step of the tornado (0.2 = ±20 %); 0 skips it.</param>
    /// <param name="progress">Monte Carlo progress (devices done), or null.</param>
    /// <param name="nominal">The nominal device's life, with its daily trajectory (for the plots).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static BatteryReport Run(Scenario scenario, int devices, double years, ulong seed, double sensitivityStep,
        Action<int>? progress, out DeviceLife nominal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        long start = Stopwatch.GetTimestamp();
        BatteryLifeInputs inputs = BatteryLifeInputs.FromScenario(scenario);
        var unused = default(SimRandom);
        nominal = LifeSimulator.Run(inputs, NominalMaxDays, ref unused, useRandom: false, trackPoints: true);

        int horizon = Math.Max(1, (int)Math.Round(years * 365.25));
        long mcStart = Stopwatch.GetTimestamp();
        MonteCarloResult mc = MonteCarloRunner.Run(inputs, DeviceVariation.FromScenario(scenario), devices, horizon, seed, progress,
            cancellationToken);
        double mcSeconds = Stopwatch.GetElapsedTime(mcStart).TotalSeconds;
        IReadOnlyList<SensitivityRow> tornado = sensitivityStep > 0
            ? SensitivityAnalysis.Run(scenario, sensitivityStep, NominalMaxDays, cancellationToken)
            : [];

        UnitCharges u = DeviceEnergyModel.Units(inputs.Energy);
        WorkloadParameters w = inputs.Workload;
        double supply = inputs.Energy.SupplyMv;
        double total = nominal.TotalUc;
        var shares = new List<StateShare>();
        for (int s = 0; s < LedgerStates.Names.Count; s++)
        {
            double uc = nominal.ChargeUc[s];
            shares.Add(new StateShare(LedgerStates.Names[s], uc / 3.6e6, uc * supply / 1e9, total > 0 ? 100.0 * uc / total : 0));
        }

        double telemetryTx = u.MessageTxUc + (w.TelemetryBytes * u.ByteTxUc);
        var unit = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["wake.wake"] = u.WakeUc[(int)LedgerState.Wake] / 1000,
            ["wake.warmup"] = u.WakeUc[(int)LedgerState.Warmup] / 1000,
            ["wake.capture"] = u.WakeUc[(int)LedgerState.Capture] / 1000,
            ["wake.detect"] = u.WakeUc[(int)LedgerState.Detect] / 1000,
            ["cnn"] = u.CnnUc / 1000,
            ["session.connect"] = u.SessionConnectUc / 1000,
            ["session.rx"] = u.SessionRxUc / 1000,
            ["telemetry.tx"] = telemetryTx / 1000,
            ["telemetry.rx"] = u.MessageRxUc / 1000,
            ["detection.tx"] = (u.MessageTxUc + (w.DetectionBytes * u.ByteTxUc)) / 1000,
            ["download_per_kib.rx"] = u.DownloadByteUc * 1024 / 1000,
        };
        double wakeUc = u.WakeUc.Sum();
        return new BatteryReport
        {
            Scenario = scenario.Name,
            Title = scenario.Title,
            Profile = scenario.Path,
            BoardProfile = scenario.Text("board_profile"),
            RadioProfile = scenario.Text("radio_profile"),
            LifeDays = nominal.LifeDays,
            LifeYears = nominal.LifeDays / 365.25,
            EndReason = nominal.Reason.ToString().ToLowerInvariant(),
            P10Days = mc.Percentile(10),
            P50Days = mc.Percentile(50),
            P90Days = mc.Percentile(90),
            Devices = devices,
            Years = years,
            Seed = seed,
            HorizonFraction = mc.HorizonFraction,
            ColdFraction = mc.ColdFraction,
            ElapsedS = Stopwatch.GetElapsedTime(start).TotalSeconds,
            MonteCarloS = mcSeconds,
            AverageCurrentUa = nominal.AverageCurrentUa,
            SelfDischargeUa = LiPoCellModel.SelfDischargeUa(inputs.Cell),
            PeakSagMv = nominal.PeakSagMv,
            WakeEnergyMj = DeviceEnergyModel.EnergyMj(wakeUc, supply),
            RadioSessionMc = (u.SessionConnectUc + u.SessionRxUc + telemetryTx + u.MessageRxUc) / 1000,
            UnitChargesMc = unit,
            EnergyByState = shares,
            SensitivityPct = sensitivityStep * 100,
            Sensitivity = tornado,
            Distributions = Describe(DeviceVariation.FromScenario(scenario)),
            Inputs = scenario.Values().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
    }

    private static Dictionary<string, string> Describe(DeviceVariation v) => new(StringComparer.Ordinal)
    {
        ["capacity"] = $"x Normal(1, {v.CapacitySigma:0.###}) clamped to [0.05, 3]",
        ["sleep_current"] = $"x LogNormal(0, {v.SleepLogSigma:0.###})",
        ["awake_durations"] = $"x Normal(1, {v.AwakeSigma:0.###}) clamped (wake, warm-up, capture, detect; one factor per device)",
        ["radio_connect_and_tail"] = $"x LogNormal(0, {v.RadioLogSigma:0.###})",
        ["internal_resistance"] = $"x Normal(1, {v.ResistanceSigma:0.###}) clamped",
        ["self_discharge"] = $"x Normal(1, {v.SelfDischargeSigma:0.###}) clamped",
        ["event_rate"] = $"x LogNormal(0, {v.EventsLogSigma:0.###}); events per day Poisson(rate)",
    };
}
