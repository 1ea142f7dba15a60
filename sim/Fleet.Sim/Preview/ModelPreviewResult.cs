// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Preview;

/// <summary>What <see cref="ModelEnergyPreview.Compute"/> found.</summary>
/// <param name="Candidate">The candidate's cost per inference.</param>
/// <param name="Current">The current model's, or null when none was given (each configuration then keeps its own CNN figure).</param>
/// <param name="Configurations">Per fleet configuration, in the order given.</param>
/// <param name="BoardProfile">Board profile file used.</param>
/// <param name="RadioProfile">Radio profile file used for every configuration, or null when each kept its own.</param>
/// <param name="ClockMhz">Core clock of the per-inference figures (<c>cpu.clock_mhz</c>).</param>
/// <param name="Cpi">Cycles per instruction of the per-inference figures (<c>cpu.cpi</c>, an assumption: docs/simulator.md).</param>
/// <param name="DetectCurrentUa">The board's current while detecting, µA.</param>
/// <param name="SupplyMv">The board's supply, mV.</param>
public sealed record ModelPreviewResult(
    ModelFigures Candidate,
    ModelFigures? Current,
    IReadOnlyList<ConfigurationPreview> Configurations,
    string BoardProfile,
    string? RadioProfile,
    double ClockMhz,
    double Cpi,
    double DetectCurrentUa,
    double SupplyMv);
