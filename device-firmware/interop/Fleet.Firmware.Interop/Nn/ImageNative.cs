// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_image_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ImageNative
{
    public void* Pixels;
    public int W;
    public int H;
    public int Stride;
    public int Fmt;
}
