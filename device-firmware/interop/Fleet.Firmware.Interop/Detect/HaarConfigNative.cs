// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>Mirror of <c>fl_haar_config_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HaarConfigNative
{
    public int Mode;
    public float ScaleFactor;
    public float Threshold;
    public HaarRectNative Roi;
    public int MinNeighbors;
    public int MinW;
    public int MinH;
    public int MaxW;
    public int MaxH;
    public uint MaxCandidates;
}
