// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Battery;

/// <summary>Why a simulated device stopped.</summary>
public enum LifeEndReason
{
    /// <summary>The loaded voltage of its worst pulse reached the cut-off (brown-out), or the cell ran empty.</summary>
    Cutoff,

    /// <summary>The cold locked away more capacity than was left.</summary>
    Cold,

    /// <summary>Still running at the horizon; the life was extrapolated from the average drain.</summary>
    Horizon,
}
