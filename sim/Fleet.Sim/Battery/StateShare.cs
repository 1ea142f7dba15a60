// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Battery;

/// <summary>Charge and energy one state took from the cell over the nominal device's life.</summary>
/// <param name="State">Ledger state name (<see cref="Energy.LedgerStates.Names"/>).</param>
/// <param name="ChargeMah">Battery-side charge, mAh.</param>
/// <param name="EnergyJ">That charge at the supply voltage, J.</param>
/// <param name="SharePct">Share of all the charge drawn, %.</param>
public sealed record StateShare(string State, double ChargeMah, double EnergyJ, double SharePct);
