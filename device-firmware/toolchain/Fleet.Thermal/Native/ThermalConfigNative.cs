// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Thermal.Native;

/// <summary>Mirror of <c>fl_thermal_config_t</c> (field order is the ABI; checked by the layout test).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ThermalConfigNative
{
    public int MarginCc;
    public int BandLoCc;
    public int BandHiCc;
    public int AmbientBandCc;
    public int PeakContrastCc;
    public int MinBlobPermille;
    public int MaxBlobPermille;
    public int BgRiseFrames;
    public int BgFallFrames;
    public int InitOffsetCc;
    public int GhostDropCc;
    public int GhostFrames;
    public int PresenceOnFrames;
    public int PresenceOffFrames;
    public int TrackGatePermille;
    public int TrackConfirmFrames;
    public int TrackLostFrames;
    public int InitFromMedian;
    public int ResidueScore;
    public int ResidueDeltaCc;
    public int ResidueSlowFrames;
    public int ResidueRecover;
    public int ResidueAbsorbFrames;
}
