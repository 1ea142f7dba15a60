// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_model_input_t</c> (fixed-width fields only, so it is blittable).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FleetModelInputNative
{
    public uint H;
    public uint W;
    public uint C;
    public uint Colour;
    public uint Resize;
    public fixed uint Mean[3];
    public fixed uint Q7Shift[3];
    public fixed float S8Scale[3];
    public float S8InputScale;
    public int S8InputZeroPoint;
}
