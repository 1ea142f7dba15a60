// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_hw_t</c>: a (height, width) pair for strides, padding and pooling windows.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NnHw
{
    public int H;
    public int W;

    public NnHw(int h, int w)
    {
        H = h;
        W = w;
    }
}
