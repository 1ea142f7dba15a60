// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>Mirror of <c>fl_cascade_info_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CascadeInfoNative
{
    public int Format;
    public ushort WindowW;
    public ushort WindowH;
    public uint NStages;
    public uint NFeatures;
    public uint NRects;
    public nuint PersistentBytes;
}
