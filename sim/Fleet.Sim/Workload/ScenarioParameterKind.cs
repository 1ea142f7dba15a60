// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Workload;

/// <summary>How a scenario value is written and checked.</summary>
public enum ScenarioParameterKind
{
    /// <summary>A finite number inside the parameter's range.</summary>
    Number,

    /// <summary>One of a fixed list of words.</summary>
    Choice,

    /// <summary>A power profile: a path to a <c>fleet-power-profile/1</c> JSON file, a profile name, or <c>none</c>.</summary>
    Profile,

    /// <summary>Text checked by the model that reads it (an OCV curve, a daily profile).</summary>
    Text,
}
