// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Evaluation;

/// <summary>
/// One candidate of the leave-one-room-out parameter search: the parameters that matter for 4x4 presence (the blob
/// contrast follows as 2 x margin); everything else stays at the core's 4x4 defaults (cold start from the frame
/// median, residue recover 8, residue absorb 16).
/// </summary>
public sealed record PresenceGridPoint(int MarginCc, int InitOffsetCc, int ResidueScore, int ResidueDeltaCc,
                                       int ResidueSlowFrames, int PresenceOffFrames)
{
    /// <summary>
    /// The search grid, in a fixed order: every axis ascending, so among points that tie on the training room the
    /// earliest is the one most ready to call a cooling spot residue (lowest score, delta and slow time constant).
    /// That is the deliberate tie-break: a training room without residue cannot say how ready to be, only how ready
    /// it can afford to be before its own people are lost, and a tie means it lost none.
    /// </summary>
    public static IReadOnlyList<PresenceGridPoint> Grid { get; } =
        (from margin in new[] { 30, 50 }
         from init in new[] { 50, 80 }
         from residueScore in new[] { 60, 100, 150, 250 }
         from residueDelta in new[] { 1, 3, 5 }
         from residueSlow in new[] { 16, 64 }
         from off in new[] { 5, 15 }
         select new PresenceGridPoint(margin, init, residueScore, residueDelta, residueSlow, off)).ToArray();

    /// <summary>These parameters on top of <paramref name="defaults"/>.</summary>
    public ThermalDetectorOptions Apply(ThermalDetectorOptions defaults) => defaults with
    {
        MarginCc = MarginCc,
        PeakContrastCc = 2 * MarginCc,
        InitOffsetCc = InitOffsetCc,
        ResidueScore = ResidueScore,
        ResidueDeltaCc = ResidueDeltaCc,
        ResidueSlowFrames = ResidueSlowFrames,
        PresenceOffFrames = PresenceOffFrames,
    };
}
