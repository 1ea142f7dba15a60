// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_arena_t</c> (opaque to callers; the fields are read only by the layout test).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ArenaNative
{
    public byte* Base;
    public nuint Size;
    public nuint Lo;
    public nuint Hi;
    public nuint HighWater;
    public nuint FailRequested;
    public nuint FailAvailable;
}
