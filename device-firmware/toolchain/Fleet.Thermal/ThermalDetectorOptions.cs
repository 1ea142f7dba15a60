// SPDX-License-Identifier: MIT
using Fleet.Thermal.Native;

namespace Fleet.Thermal;

/// <summary>
/// Detector parameters, one to one with <c>fl_thermal_config_t</c> (see <c>fl/fl_thermal.h</c> for ranges).
/// Temperatures are centi-degrees Celsius (<c>Cc</c>), durations frames, blob sizes per mille of the frame area.
/// Start from <see cref="Defaults"/>; the native init validates every field.
/// </summary>
public sealed record ThermalDetectorOptions
{
    /// <summary>Foreground: pixel minus background at least this (default 50 at 4x4, 150 above 8x8).</summary>
    public int MarginCc { get; init; }
    /// <summary>Lower edge of the human band (default 2200).</summary>
    public int BandLoCc { get; init; }
    /// <summary>Upper edge of the human band (default 4000).</summary>
    public int BandHiCc { get; init; }
    /// <summary>With an ambient reading, the band's lower edge is at least ambient + this (default -5000: off).</summary>
    public int AmbientBandCc { get; init; }
    /// <summary>A blob's largest rise above background must reach this (default 2 x margin).</summary>
    public int PeakContrastCc { get; init; }
    /// <summary>Smallest blob, per mille of the frame (at least one pixel).</summary>
    public int MinBlobPermille { get; init; }
    /// <summary>Largest blob, per mille of the frame.</summary>
    public int MaxBlobPermille { get; init; }
    /// <summary>Time constant of the background rising (frames, default 512).</summary>
    public int BgRiseFrames { get; init; }
    /// <summary>Time constant of the background falling (frames, default 8).</summary>
    public int BgFallFrames { get; init; }
    /// <summary>Cold start: background capped at the reference (ambient, or the frame median with InitFromMedian) + this (default -100; 50 up to 8x8).</summary>
    public int InitOffsetCc { get; init; }
    /// <summary>Cooling-residue rejection drop (0 = off).</summary>
    public int GhostDropCc { get; init; }
    /// <summary>Cooling-residue memory (frames).</summary>
    public int GhostFrames { get; init; }
    /// <summary>Frames with people in a row to turn presence on (default 2).</summary>
    public int PresenceOnFrames { get; init; }
    /// <summary>Empty frames in a row to turn presence off (default 5).</summary>
    public int PresenceOffFrames { get; init; }
    /// <summary>Tracking gate, per mille of the frame diagonal (0 = no tracking; default 250).</summary>
    public int TrackGatePermille { get; init; }
    /// <summary>Hits before a track counts as an entry (default 3).</summary>
    public int TrackConfirmFrames { get; init; }
    /// <summary>Misses before a track ends (default 5).</summary>
    public int TrackLostFrames { get; init; }
    /// <summary>Cold start from the frame median + <see cref="InitOffsetCc"/> instead of the ambient reading (1; default at 4x4..8x8) or not (0).</summary>
    public int InitFromMedian { get; init; }
    /// <summary>Cooling frames that make a pixel residue (0 = residue model off; default 100 up to 8x8).</summary>
    public int ResidueScore { get; init; }
    /// <summary>Gap between the fast and slow pixel averages that counts as cooling (default 1).</summary>
    public int ResidueDeltaCc { get; init; }
    /// <summary>Time constant of the residue model's slow average (frames, default 16).</summary>
    public int ResidueSlowFrames { get; init; }
    /// <summary>Score a warming frame takes back (default 8).</summary>
    public int ResidueRecover { get; init; }
    /// <summary>Time constant with which residue joins the background (frames, default 16).</summary>
    public int ResidueAbsorbFrames { get; init; }

    /// <summary>The core's defaults for a sensor of this size (<c>fl_thermal_config_default</c>).</summary>
    public static unsafe ThermalDetectorOptions Defaults(int width, int height)
    {
        ThermalConfigNative c;
        ThermalNativeMethods.ConfigDefault(&c, width, height);
        return FromNative(c);
    }

    internal static ThermalDetectorOptions FromNative(in ThermalConfigNative c) => new()
    {
        MarginCc = c.MarginCc, BandLoCc = c.BandLoCc, BandHiCc = c.BandHiCc, AmbientBandCc = c.AmbientBandCc,
        PeakContrastCc = c.PeakContrastCc, MinBlobPermille = c.MinBlobPermille, MaxBlobPermille = c.MaxBlobPermille,
        BgRiseFrames = c.BgRiseFrames, BgFallFrames = c.BgFallFrames, InitOffsetCc = c.InitOffsetCc,
        GhostDropCc = c.GhostDropCc, GhostFrames = c.GhostFrames, PresenceOnFrames = c.PresenceOnFrames,
        PresenceOffFrames = c.PresenceOffFrames, TrackGatePermille = c.TrackGatePermille,
        TrackConfirmFrames = c.TrackConfirmFrames, TrackLostFrames = c.TrackLostFrames,
        InitFromMedian = c.InitFromMedian, ResidueScore = c.ResidueScore, ResidueDeltaCc = c.ResidueDeltaCc,
        ResidueSlowFrames = c.ResidueSlowFrames, ResidueRecover = c.ResidueRecover, ResidueAbsorbFrames = c.ResidueAbsorbFrames,
    };

    internal ThermalConfigNative ToNative() => new()
    {
        MarginCc = MarginCc, BandLoCc = BandLoCc, BandHiCc = BandHiCc, AmbientBandCc = AmbientBandCc,
        PeakContrastCc = PeakContrastCc, MinBlobPermille = MinBlobPermille, MaxBlobPermille = MaxBlobPermille,
        BgRiseFrames = BgRiseFrames, BgFallFrames = BgFallFrames, InitOffsetCc = InitOffsetCc,
        GhostDropCc = GhostDropCc, GhostFrames = GhostFrames, PresenceOnFrames = PresenceOnFrames,
        PresenceOffFrames = PresenceOffFrames, TrackGatePermille = TrackGatePermille,
        TrackConfirmFrames = TrackConfirmFrames, TrackLostFrames = TrackLostFrames,
        InitFromMedian = InitFromMedian, ResidueScore = ResidueScore, ResidueDeltaCc = ResidueDeltaCc,
        ResidueSlowFrames = ResidueSlowFrames, ResidueRecover = ResidueRecover, ResidueAbsorbFrames = ResidueAbsorbFrames,
    };
}
