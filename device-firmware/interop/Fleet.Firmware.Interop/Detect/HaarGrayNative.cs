// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>Mirror of <c>fl_haar_gray_t</c> (stride in bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct HaarGrayNative
{
    public byte* Pixels;
    public int W;
    public int H;
    public int Stride;
}
