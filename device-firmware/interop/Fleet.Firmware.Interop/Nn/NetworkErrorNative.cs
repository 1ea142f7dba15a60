// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_network_error_t</c>. Msg is a static C string (never freed).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NetworkErrorNative
{
    public byte* Msg;
    public nuint Offset;
    public uint Layer;
}
