// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Battery;

/// <summary>
/// What <c>fleet-sim battery</c> prints (<c>--json</c>: snake_case). Life figures in days; the nominal device uses the
/// expected event counts and no per-device variation; the percentiles come from the Monte Carlo fleet.
/// </summary>
public sealed record BatteryReport
{
    public required string Scenario { get; init; }
    public required string Title { get; init; }
    public required string? Profile { get; init; }
    public required string BoardProfile { get; init; }
    public required string RadioProfile { get; init; }

    /// <summary>Nominal device's life, days.</summary>
    public required double LifeDays { get; init; }

    public required double LifeYears { get; init; }

    /// <summary><c>cutoff</c>, <c>cold</c> or <c>horizon</c> (extrapolated).</summary>
    public required string EndReason { get; init; }

    public required double P10Days { get; init; }
    public required double P50Days { get; init; }
    public required double P90Days { get; init; }
    public required int Devices { get; init; }
    public required double Years { get; init; }
    public required ulong Seed { get; init; }

    /// <summary>Share of the fleet still running at the horizon (their lives extrapolated).</summary>
    public required double HorizonFraction { get; init; }

    public required double ColdFraction { get; init; }

    /// <summary>Wall-clock seconds of the whole run (nominal, Monte Carlo, sensitivity).</summary>
    public required double ElapsedS { get; init; }

    /// <summary>Wall-clock seconds of the Monte Carlo part alone.</summary>
    public required double MonteCarloS { get; init; }

    /// <summary>Nominal device's average battery current over its life, self-discharge included, µA.</summary>
    public required double AverageCurrentUa { get; init; }

    /// <summary>Self-discharge of the full cell as a current, µA.</summary>
    public required double SelfDischargeUa { get; init; }

    /// <summary>Worst pulse sag at 25 °C, 50 % SoC, fresh cell, mV.</summary>
    public required double PeakSagMv { get; init; }

    /// <summary>Energy of one wake (wake-up, warm-up, capture, per-wake detection) at the supply voltage, mJ.</summary>
    public required double WakeEnergyMj { get; init; }

    /// <summary>Load-side charge of one radio session carrying one telemetry message, mC.</summary>
    public required double RadioSessionMc { get; init; }

    /// <summary>Load-side charge of each unit of activity, mC (<c>wake.detect</c>, <c>session.connect</c>, <c>telemetry.tx</c>…).</summary>
    public required IReadOnlyDictionary<string, double> UnitChargesMc { get; init; }

    public required IReadOnlyList<StateShare> EnergyByState { get; init; }

    public required double SensitivityPct { get; init; }

    public required IReadOnlyList<SensitivityRow> Sensitivity { get; init; }

    /// <summary>The Monte Carlo distributions, in words.</summary>
    public required IReadOnlyDictionary<string, string> Distributions { get; init; }

    /// <summary>Every input as used.</summary>
    public required IReadOnlyDictionary<string, string> Inputs { get; init; }
}
