// SPDX-License-Identifier: MIT
using Fleet.Sim.Workload;

namespace Fleet.Sim.Battery;

/// <summary>
/// Inputs of the LiPo cell model (<see cref="LiPoCellModel"/>). Figures and their sources: power-figures.md §4a (OCV
/// curve), §4b (resistance from PyBaMM's ECM_Example scaled to 1 Ah, cold capacity, self-discharge), §6 (cut-off).
/// </summary>
public sealed record LiPoCellParameters
{
    /// <summary>Nameplate capacity, µAh.</summary>
    public double CapacityUah { get; init; } = 1_000_000;

    /// <summary>State of charge when fitted, 0–1.</summary>
    public double InitialSoc { get; init; } = 1.0;

    /// <summary>Loaded voltage below which the device browns out, V.</summary>
    public double CutoffV { get; init; } = 3.6;

    public LiPoOcvCurve Ocv { get; init; } = LiPoOcvCurve.Default;

    /// <summary>Ohmic resistance at 25 °C and 50 % SoC, Ω.</summary>
    public double R0Ohm { get; init; } = 0.04;

    /// <summary>RC-branch resistance, Ω.</summary>
    public double R1Ohm { get; init; } = 0.06;

    /// <summary>RC time constant, s.</summary>
    public double TauS { get; init; } = 30;

    /// <summary>Relative resistance rise at 0 % and 100 % SoC (quadratic from 50 %).</summary>
    public double RSocRise { get; init; } = 0.2;

    /// <summary>Arrhenius activation energy of the resistance, J/mol.</summary>
    public double ActivationJMol { get; init; } = 20_000;

    /// <summary>Share of the capacity usable at <see cref="ColdTempC"/>, 0–1 (linear up to 1 at 25 °C).</summary>
    public double ColdCapacityFraction { get; init; } = 0.5;

    public double ColdTempC { get; init; } = -20;

    /// <summary>Self-discharge per month as a fraction (0.02 = 2 %/month).</summary>
    public double SelfDischargePerMonth { get; init; } = 0.02;

    /// <summary>True: a fixed fraction of the nameplate per month (§6's arithmetic); false: of what remains (§4b).</summary>
    public bool SelfDischargeLinear { get; init; }

    /// <summary>Optional ageing: capacity lost per year (fraction).</summary>
    public double FadePerYear { get; init; }

    /// <summary>Optional ageing: resistance growth per year (fraction).</summary>
    public double RGrowthPerYear { get; init; }

    /// <summary>Builds the cell from a resolved scenario.</summary>
    public static LiPoCellParameters FromScenario(Scenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new LiPoCellParameters
        {
            CapacityUah = s.Number("battery.capacity_mah") * 1000.0,
            InitialSoc = s.Number("battery.initial_soc"),
            CutoffV = s.Number("battery.cutoff_v"),
            Ocv = LiPoOcvCurve.Parse(s.Text("battery.ocv")),
            R0Ohm = s.Number("battery.r0_mohm") / 1000.0,
            R1Ohm = s.Number("battery.r1_mohm") / 1000.0,
            TauS = s.Number("battery.tau_s"),
            RSocRise = s.Number("battery.r_soc_rise"),
            ActivationJMol = s.Number("battery.r_activation_j_mol"),
            ColdCapacityFraction = s.Number("battery.cold_capacity_pct") / 100.0,
            ColdTempC = s.Number("battery.cold_temp_c"),
            SelfDischargePerMonth = s.Number("battery.self_discharge_pct_month") / 100.0,
            SelfDischargeLinear = s.Text("battery.self_discharge_model") == "linear",
            FadePerYear = s.Number("battery.fade_pct_year") / 100.0,
            RGrowthPerYear = s.Number("battery.r_growth_pct_year") / 100.0,
        };
    }
}
