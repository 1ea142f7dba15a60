// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Thermal.Native;

/// <summary>Mirror of <c>fl_thermal_blob_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ThermalBlobNative
{
    public int X;
    public int Y;
    public int W;
    public int H;
    public int Pixels;
    public int PeakCc;
    public int ContrastCc;
    public int CxQ8;
    public int CyQ8;
    public int TrackId;
}
