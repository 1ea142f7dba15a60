// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_ctx_t</c>: caller-owned scratch.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NnContextNative
{
    public void* Buf;
    public nuint Size;
}
