// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_rect_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RectNative
{
    public int X;
    public int Y;
    public int W;
    public int H;
}
