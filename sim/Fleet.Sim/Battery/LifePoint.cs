// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Battery;

/// <summary>The cell at the start of a simulated day.</summary>
/// <param name="Day">Simulation day.</param>
/// <param name="Soc">State of charge, 0–1.</param>
/// <param name="OcvV">Open-circuit voltage.</param>
/// <param name="LoadedV">OCV minus the sag of the device's worst pulse at the day's coldest temperature.</param>
/// <param name="TempC">The day's coldest temperature.</param>
public readonly record struct LifePoint(double Day, double Soc, double OcvV, double LoadedV, double TempC);
