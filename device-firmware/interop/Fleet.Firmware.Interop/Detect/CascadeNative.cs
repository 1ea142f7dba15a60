// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>Mirror of <c>fl_cascade_t</c>; the table pointers point into the owning <see cref="HaarCascade"/>'s arena.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CascadeNative
{
    public ushort WindowW;
    public ushort WindowH;
    public uint NStages;
    public uint NFeatures;
    public uint NRects;
    public uint Flags;
    public int Format;
    public void* Stages;
    public void* Features;
    public void* Rects;
}
