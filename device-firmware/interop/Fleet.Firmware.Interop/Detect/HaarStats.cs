// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Detect;

/// <summary>What one detection did (<c>fl_haar_stats_t</c>): Objects may exceed the boxes returned.</summary>
public sealed record HaarStats(int Scales, long Windows, long Raw, int Objects, long ScratchBytes)
{
    internal static HaarStats From(in HaarStatsNative s) =>
        new((int)s.NScales, s.NWindows, s.NRaw, (int)s.NObjects, (long)s.ScratchBytes);
}
