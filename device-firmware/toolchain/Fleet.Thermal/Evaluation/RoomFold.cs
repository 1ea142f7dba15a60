// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Evaluation;

/// <summary>One leave-one-room-out fold: the parameters chosen on the other rooms and the held-out room's counts.</summary>
public sealed record RoomFold(string HeldOutRoom, PresenceGridPoint Chosen, PresenceCounts Training, PresenceCounts HeldOut)
{
    /// <summary>Grid points whose training counts tie with the chosen one's (the tie-break is grid order).</summary>
    public int TiedPoints { get; init; } = 1;

    /// <summary>Lowest held-out balanced accuracy among the tied points: what a different tie-break could have given.</summary>
    public double TiedHeldOutMinBalancedAccuracy { get; init; }

    /// <summary>Highest held-out balanced accuracy among the tied points.</summary>
    public double TiedHeldOutMaxBalancedAccuracy { get; init; }
}
