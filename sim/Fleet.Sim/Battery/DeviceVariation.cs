// SPDX-License-Identifier: MIT
using Fleet.Sim.Energy;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Battery;

/// <summary>
/// Per-device spread for the Monte Carlo run. Each device draws, from its own seeded stream: capacity × N(1, σ),
/// sleep current × LogN(0, σ), every awake duration × N(1, σ), radio connect and session-tail times × LogN(0, σ),
/// resistance × N(1, σ), self-discharge rate × N(1, σ) and event rate × LogN(0, σ); normals are clamped to
/// [0.05, 3] so no device gets a negative or absurd figure. Event counts per day are then Poisson.
/// </summary>
/// <param name="CapacitySigma">Relative σ of the capacity.</param>
/// <param name="SleepLogSigma">σ of ln(sleep current factor).</param>
/// <param name="AwakeSigma">Relative σ of the awake durations.</param>
/// <param name="RadioLogSigma">σ of ln(radio connect/tail factor).</param>
/// <param name="ResistanceSigma">Relative σ of R0 and R1.</param>
/// <param name="SelfDischargeSigma">Relative σ of the self-discharge rate.</param>
/// <param name="EventsLogSigma">σ of ln(event rate factor).</param>
public sealed record DeviceVariation(double CapacitySigma, double SleepLogSigma, double AwakeSigma, double RadioLogSigma,
    double ResistanceSigma, double SelfDischargeSigma, double EventsLogSigma)
{
    /// <summary>Reads the <c>variation.*</c> keys (percent) of a scenario.</summary>
    public static DeviceVariation FromScenario(Scenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new DeviceVariation(s.Number("variation.capacity_pct") / 100, s.Number("variation.sleep_pct") / 100,
            s.Number("variation.awake_pct") / 100, s.Number("variation.radio_pct") / 100, s.Number("variation.r_int_pct") / 100,
            s.Number("variation.self_discharge_pct") / 100, s.Number("variation.events_pct") / 100);
    }

    /// <summary>One device drawn around <paramref name="nominal"/>.</summary>
    public BatteryLifeInputs Draw(BatteryLifeInputs nominal, ref SimRandom random)
    {
        ArgumentNullException.ThrowIfNull(nominal);
        double capacity = Normal(ref random, CapacitySigma);
        double sleep = LogNormal(ref random, SleepLogSigma);
        double awake = Normal(ref random, AwakeSigma);
        double radio = LogNormal(ref random, RadioLogSigma);
        double r = Normal(ref random, ResistanceSigma);
        double self = Normal(ref random, SelfDischargeSigma);
        double events = LogNormal(ref random, EventsLogSigma);
        DeviceEnergyParameters e = nominal.Energy;
        return nominal with
        {
            Energy = e with
            {
                SleepUa = e.SleepUa * sleep,
                WakeUs = e.WakeUs * awake,
                WarmupUs = e.WarmupUs * awake,
                CaptureUs = e.CaptureUs * awake,
                HaarUs = e.HaarUs * awake,
                CnnUs = e.CnnUs * awake,
                ThermalUs = e.ThermalUs * awake,
                ConnectUs = e.ConnectUs * radio,
                RxPerSessionUs = e.RxPerSessionUs * radio,
            },
            Cell = nominal.Cell with
            {
                CapacityUah = nominal.Cell.CapacityUah * capacity,
                R0Ohm = nominal.Cell.R0Ohm * r,
                R1Ohm = nominal.Cell.R1Ohm * r,
                SelfDischargePerMonth = Math.Min(0.99, nominal.Cell.SelfDischargePerMonth * self),
            },
            Workload = nominal.Workload with { EventsPerDay = nominal.Workload.EventsPerDay * events },
        };
    }

    private static double Normal(ref SimRandom random, double sigma) => Math.Clamp(1.0 + (sigma * random.NextNormal()), 0.05, 3.0);

    private static double LogNormal(ref SimRandom random, double sigma) => Math.Exp(sigma * random.NextNormal());
}
