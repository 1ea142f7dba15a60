// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Workload;

/// <summary>One settable input of <c>fleet-sim battery</c>: its key (the scenario file's path, e.g.
/// <c>sleep.current_ua</c>), kind, default, range, unit and meaning.</summary>
/// <param name="Key">Dotted path, as in the scenario file and in <c>--set key=value</c>.</param>
/// <param name="Kind">How the value is written.</param>
/// <param name="Default">Default as text (invariant culture); profile-derived keys take the profile's value instead.</param>
/// <param name="Min">Lowest allowed number (numbers only).</param>
/// <param name="Max">Highest allowed number (numbers only).</param>
/// <param name="Unit">Unit, e.g. <c>uA</c>, <c>us</c>, <c>%</c>; empty when none.</param>
/// <param name="Help">Meaning and, for defaults not taken from a profile, the source.</param>
/// <param name="Choices">Allowed words (choices only).</param>
/// <param name="InTornado">Whether the sensitivity analysis varies it by ±X % (false for voltages, temperatures, switches).</param>
/// <param name="FromProfile">Whether its default comes from the board or radio power profile.</param>
public sealed record ScenarioParameter(
    string Key,
    ScenarioParameterKind Kind,
    string Default,
    double Min,
    double Max,
    string Unit,
    string Help,
    IReadOnlyList<string>? Choices = null,
    bool InTornado = true,
    bool FromProfile = false);
