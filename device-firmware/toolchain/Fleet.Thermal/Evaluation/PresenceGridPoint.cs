// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Evaluation;

/// <summary>
/// One candidate of the leave-one-room-out parameter search: the four detector parameters that matter for 4x4
/// presence (the blob contrast follows as 2 x margin); everything else stays at the core's 4x4 defaults.
/// </summary>
public sealed record PresenceGridPoint(int MarginCc, int InitOffsetCc, int AmbientBandCc, int PresenceOffFrames)
{
    /// <summary>The search grid, in a fixed order (ties go to the earlier point).</summary>
    public static IReadOnlyList<PresenceGridPoint> Grid { get; } =
        (from margin in new[] { 30, 50, 80 }
         from init in new[] { -200, -100, 0 }
         from ambientBand in new[] { -5000, -150, -100 }
         from off in new[] { 5, 15 }
         select new PresenceGridPoint(margin, init, ambientBand, off)).ToArray();

    /// <summary>These parameters on top of <paramref name="defaults"/>.</summary>
    public ThermalDetectorOptions Apply(ThermalDetectorOptions defaults) => defaults with
    {
        MarginCc = MarginCc,
        PeakContrastCc = 2 * MarginCc,
        InitOffsetCc = InitOffsetCc,
        AmbientBandCc = AmbientBandCc,
        PresenceOffFrames = PresenceOffFrames,
    };
}
