// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Battery;

/// <summary>
/// Coulomb-counting model of one LiPo cell: capacity, charge drawn since it was fitted, state of charge and the
/// open-circuit voltage for that charge. Not thread-safe: one sensor loop owns it.
/// </summary>
/// <remarks>
/// Deliberately simple: no internal resistance (so no voltage sag under a pulse), no self-discharge, no temperature
/// or ageing effects (power-figures.md §4b lists what a fuller model would add). The voltage is what a fuel gauge
/// would read at rest, which is when a sensor measures it (right after waking).
/// </remarks>
public sealed class LiPoBattery
{
    /// <summary>Nominal capacity of the fleet's cell: 1,000 mAh.</summary>
    public const double DefaultCapacityUah = 1_000_000.0;

    private readonly LiPoOcvCurve _curve;

    /// <summary>Creates a cell.</summary>
    /// <param name="capacityUah">Usable capacity in µAh, &gt; 0.</param>
    /// <param name="initialStateOfCharge">State of charge when fitted, 0–1.</param>
    /// <param name="curve">OCV curve; <see cref="LiPoOcvCurve.Default"/> when null.</param>
    public LiPoBattery(double capacityUah = DefaultCapacityUah, double initialStateOfCharge = 1.0, LiPoOcvCurve? curve = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityUah);
        ArgumentOutOfRangeException.ThrowIfNegative(initialStateOfCharge);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initialStateOfCharge, 1.0);
        CapacityUah = capacityUah;
        InitialStateOfCharge = initialStateOfCharge;
        _curve = curve ?? LiPoOcvCurve.Default;
    }

    /// <summary>Usable capacity in µAh.</summary>
    public double CapacityUah { get; }

    /// <summary>State of charge (0–1) the cell had when it was fitted.</summary>
    public double InitialStateOfCharge { get; private set; }

    /// <summary>Charge drawn since the cell was fitted, in µAh (telemetry key 8, <c>charge_used_uah</c>).</summary>
    public double ChargeUsedUah { get; private set; }

    /// <summary>Remaining state of charge, 0–1; never below 0.</summary>
    public double StateOfCharge => Math.Max(0.0, InitialStateOfCharge - (ChargeUsedUah / CapacityUah));

    /// <summary>State of charge in per mille, 0–1000 (telemetry key 6, <c>soc_pm</c>).</summary>
    public ushort StateOfChargePm => (ushort)Math.Clamp(Math.Round(StateOfCharge * 1000.0), 0, 1000);

    /// <summary>Open-circuit voltage in mV for the current state of charge (telemetry key 5, <c>battery_mv</c>).</summary>
    public ushort VoltageMv => _curve.MillivoltsAt(StateOfCharge);

    /// <summary>True once the cell is empty (state of charge 0).</summary>
    public bool IsEmpty => StateOfCharge <= 0.0;

    /// <summary>Draws <paramref name="chargeUah"/> µAh from the cell.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chargeUah"/> is negative or not finite.</exception>
    public void Draw(double chargeUah)
    {
        if (!double.IsFinite(chargeUah))
        {
            throw new ArgumentOutOfRangeException(nameof(chargeUah), chargeUah, "Charge must be finite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(chargeUah);
        ChargeUsedUah += chargeUah;
    }

    /// <summary>Fits a fresh cell: state of charge back to <paramref name="stateOfCharge"/>, charge used back to 0.</summary>
    public void Replace(double stateOfCharge = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stateOfCharge);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stateOfCharge, 1.0);
        InitialStateOfCharge = stateOfCharge;
        ChargeUsedUah = 0.0;
    }
}
