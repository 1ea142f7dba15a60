// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>Mirror of <c>fl_cascade_error_t</c>; Msg is a static C string.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CascadeErrorNative
{
    public byte* Msg;
    public nuint Offset;
}
