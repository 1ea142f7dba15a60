// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>Mirror of <c>fl_haar_rect_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HaarRectNative
{
    public int X;
    public int Y;
    public int W;
    public int H;
}
