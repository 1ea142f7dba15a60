// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Energy;

/// <summary>Charge drawn by one wake cycle, split by phase, in µAh; plus the awake energy in µJ.</summary>
/// <param name="ActiveUah">Boot, sensor settle and capture.</param>
/// <param name="InferenceUah">The detector run.</param>
/// <param name="RadioUah">Connect, messages, disconnect.</param>
/// <param name="SleepUah">The sleep that follows the wake.</param>
/// <param name="AwakeEnergyUj">Energy of the awake phases at the supply voltage (detection key 11, <c>energy_uj</c>).</param>
public sealed record WakeEnergy(double ActiveUah, double InferenceUah, double RadioUah, double SleepUah, double AwakeEnergyUj)
{
    /// <summary>Charge of the awake phases, µAh.</summary>
    public double AwakeUah => ActiveUah + InferenceUah + RadioUah;

    /// <summary>Charge of the whole cycle (awake plus the following sleep), µAh.</summary>
    public double TotalUah => AwakeUah + SleepUah;
}
