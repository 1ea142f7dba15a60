// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Detect;

/// <summary>
/// <c>fl_haar_config_t</c> as a record. Threshold is camera mode only; MinNeighbors and the size limits are OpenCV
/// mode only (0 = none / the frame); MaxCandidates bounds the raw windows kept (the detector fails beyond it).
/// </summary>
public sealed record HaarOptions(
    HaarMode Mode,
    float ScaleFactor,
    float Threshold,
    int MinNeighbors,
    int MinWidth = 0,
    int MinHeight = 0,
    int MaxWidth = 0,
    int MaxHeight = 0,
    int MaxCandidates = 2048)
{
    /// <summary>The C defaults of the mode (<c>fl_haar_config_default</c>: find_features() or detectMultiScale()).</summary>
    public static unsafe HaarOptions Default(HaarMode mode)
    {
        HaarConfigNative c = default;
        DetectNativeMethods.HaarConfigDefault(&c, (int)mode);
        return From(c);
    }

    internal static HaarOptions From(in HaarConfigNative c) =>
        new((HaarMode)c.Mode, c.ScaleFactor, c.Threshold, c.MinNeighbors, c.MinW, c.MinH, c.MaxW, c.MaxH,
            (int)c.MaxCandidates);

    internal HaarConfigNative ToNative() => new()
    {
        Mode = (int)Mode,
        ScaleFactor = ScaleFactor,
        Threshold = Threshold,
        MinNeighbors = MinNeighbors,
        MinW = MinWidth,
        MinH = MinHeight,
        MaxW = MaxWidth,
        MaxH = MaxHeight,
        MaxCandidates = (uint)Math.Max(0, MaxCandidates),
    };
}
