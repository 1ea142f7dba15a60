// SPDX-License-Identifier: MIT
using Fleet.Sim.Energy;
using Fleet.Sim.Workload;

namespace Fleet.Sim.Battery;

/// <summary>Everything one simulated device needs: its energy figures, its cell, its workload and its climate.</summary>
public sealed record BatteryLifeInputs(
    DeviceEnergyParameters Energy, LiPoCellParameters Cell, WorkloadParameters Workload, TemperatureProfile Temperature)
{
    /// <summary>Builds the nominal device of a scenario.</summary>
    public static BatteryLifeInputs FromScenario(Scenario s) =>
        new(DeviceEnergyParameters.FromScenario(s), LiPoCellParameters.FromScenario(s), WorkloadParameters.FromScenario(s),
            TemperatureProfile.FromScenario(s));
}
