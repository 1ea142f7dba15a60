// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Battery;

/// <summary>The result of simulating one device until it stops (or the horizon).</summary>
/// <param name="LifeDays">Days until it stopped (fractional; extrapolated past the horizon, see <see cref="Reason"/>).</param>
/// <param name="Reason">Why it stopped.</param>
/// <param name="ChargeUc">Battery-side charge by <see cref="Energy.LedgerStates.Names"/> over the simulated days, µC.</param>
/// <param name="SimulatedDays">Days actually stepped.</param>
/// <param name="PeakSagMv">Worst pulse sag at 25 °C, 50 % SoC, fresh cell, mV.</param>
/// <param name="Trajectory">Daily points (nominal device only; empty otherwise).</param>
public sealed record DeviceLife(double LifeDays, LifeEndReason Reason, IReadOnlyList<double> ChargeUc, double SimulatedDays,
    double PeakSagMv, IReadOnlyList<LifePoint> Trajectory)
{
    /// <summary>Total charge drawn from the cell (load, regulator and self-discharge), µC.</summary>
    public double TotalUc => ChargeUc.Sum();

    /// <summary>Average battery current over the simulated days (self-discharge included), µA.</summary>
    public double AverageCurrentUa => SimulatedDays > 0 ? TotalUc / (SimulatedDays * 86_400.0) : 0.0;
}
