// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Battery;

/// <summary>
/// Equivalent-circuit LiPo cell (R0 + one RC pair over an OCV(SoC) source, the Thevenin model of PyBaMM, §4b):
/// voltage sag under a current pulse, brown-out onset, capacity against temperature, self-discharge and optional
/// ageing. Pure functions; thread-safe. § numbers refer to power-figures.md.
/// </summary>
public static class LiPoCellModel
{
    /// <summary>Reference temperature of the resistance and capacity figures, °C.</summary>
    public const double ReferenceTempC = 25.0;

    /// <summary>Days in a month (365.25 / 12), as §4b's "per month" rates are read.</summary>
    public const double DaysPerMonth = 365.25 / 12.0;

    private const double GasConstant = 8.314;

    /// <summary>
    /// Resistance multiplier at <paramref name="tempC"/>, <paramref name="soc"/> and cell age: Arrhenius in temperature
    /// (Ea from PyBaMM's example set, §4b), a quadratic rise towards empty and full (1.2× at the ends in the same set)
    /// and linear growth with age.
    /// </summary>
    public static double ResistanceFactor(LiPoCellParameters cell, double tempC, double soc, double years)
    {
        ArgumentNullException.ThrowIfNull(cell);
        double t = tempC + 273.15;
        double arrhenius = Math.Exp(cell.ActivationJMol / GasConstant * ((1.0 / t) - (1.0 / (ReferenceTempC + 273.15))));
        double x = (Math.Clamp(soc, 0, 1) - 0.5) / 0.5;
        return arrhenius * (1.0 + (cell.RSocRise * x * x)) * (1.0 + (cell.RGrowthPerYear * years));
    }

    /// <summary>
    /// Voltage drop (V) at the end of a rectangular pulse of <paramref name="currentA"/> lasting
    /// <paramref name="durationS"/> from rest, at reference conditions: I·(R0 + R1·(1 − e^(−t/τ))). Multiply by
    /// <see cref="ResistanceFactor"/> for other conditions. A long pulse sags by I·DCIR (§4c: 150 mA × 0.1 Ω ≈ 15 mV).
    /// </summary>
    public static double SagV(LiPoCellParameters cell, double currentA, double durationS)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return currentA * (cell.R0Ohm + (cell.R1Ohm * (1.0 - Math.Exp(-durationS / cell.TauS))));
    }

    /// <summary>
    /// Share of the capacity available at <paramref name="tempC"/>: 1 at 25 °C and above, falling linearly to
    /// <see cref="LiPoCellParameters.ColdCapacityFraction"/> at <see cref="LiPoCellParameters.ColdTempC"/> (§4b: "~50 %
    /// at −18/−20 °C", mostly reversible on warming) and on below it, never under 0.
    /// </summary>
    public static double AvailableFraction(LiPoCellParameters cell, double tempC)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (tempC >= ReferenceTempC)
        {
            return 1.0;
        }

        double slope = (1.0 - cell.ColdCapacityFraction) / (ReferenceTempC - cell.ColdTempC);
        return Math.Clamp(1.0 - (slope * (ReferenceTempC - tempC)), 0.0, 1.0);
    }

    /// <summary>
    /// State of charge below which the cell cannot run the device: the larger of the charge locked away by the cold
    /// (1 − <see cref="AvailableFraction"/>) and the SoC where OCV − sag falls to the cut-off (brown-out onset).
    /// </summary>
    /// <param name="cell">The cell.</param>
    /// <param name="peakSagV">The device's worst pulse sag at reference conditions (<see cref="SagV"/>).</param>
    /// <param name="tempC">Temperature.</param>
    /// <param name="years">Cell age.</param>
    /// <param name="cold">True when the cold, not the sag, sets the floor.</param>
    public static double FloorSoc(LiPoCellParameters cell, double peakSagV, double tempC, double years, out bool cold)
    {
        ArgumentNullException.ThrowIfNull(cell);

        // The sag depends (weakly) on SoC through the resistance; three fixed-point steps settle it to well under 1 mV.
        double soc = cell.Ocv.SocAt(cell.CutoffV);
        for (int i = 0; i < 3; i++)
        {
            soc = cell.Ocv.SocAt(cell.CutoffV + (peakSagV * ResistanceFactor(cell, tempC, soc, years)));
        }

        double coldFloor = 1.0 - AvailableFraction(cell, tempC);
        cold = coldFloor > soc;
        return Math.Max(soc, coldFloor);
    }

    /// <summary>
    /// Charge (µAh) the cell loses by itself over <paramref name="days"/> holding <paramref name="remainingUah"/>:
    /// exponential, remaining·(1 − (1 − r)^months) (§4b: linear per-month models are wrong), or, when
    /// <see cref="LiPoCellParameters.SelfDischargeLinear"/>, r × nameplate per month (how §6 works it out).
    /// </summary>
    public static double SelfDischargeUah(LiPoCellParameters cell, double remainingUah, double days)
    {
        ArgumentNullException.ThrowIfNull(cell);
        double r = cell.SelfDischargePerMonth;
        if (r <= 0 || remainingUah <= 0)
        {
            return 0.0;
        }

        double months = days / DaysPerMonth;
        return cell.SelfDischargeLinear
            ? r * cell.CapacityUah * months
            : remainingUah * (1.0 - Math.Pow(1.0 - Math.Min(r, 0.999999), months));
    }

    /// <summary>Self-discharge of a full nameplate cell as an equivalent current, µA (§4b: 1 %/month of 1 Ah ≈ 13.7 µA).</summary>
    public static double SelfDischargeUa(LiPoCellParameters cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return SelfDischargeUah(cell, cell.CapacityUah, DaysPerMonth) / (DaysPerMonth * 24.0);
    }

    /// <summary>Capacity (µAh) left after <paramref name="years"/> of ageing.</summary>
    public static double CapacityUah(LiPoCellParameters cell, double years)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.CapacityUah * Math.Max(0.01, 1.0 - (cell.FadePerYear * years));
    }
}
