// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_model_error_t</c>. Msg is a static C string (never freed).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FleetModelErrorNative
{
    public byte* Msg;
    public nuint Offset;
    public uint Layer;
}
