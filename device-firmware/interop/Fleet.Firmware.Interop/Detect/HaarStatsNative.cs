// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>Mirror of <c>fl_haar_stats_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HaarStatsNative
{
    public uint NScales;
    public uint NWindows;
    public uint NRaw;
    public uint NObjects;
    public nuint ScratchBytes;
}
