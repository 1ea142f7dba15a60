// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Thermal.Native;

/// <summary>Mirror of <c>fl_thermal_result_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ThermalResultNative
{
    public int Count;
    public int Present;
    public int FgPixels;
    public int RejectedBlobs;
    public int Entries;
    public int Exits;
    public int NBlobs;
    public ThermalBlobArrayNative Blobs;
}
