// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_act_t</c>: output clamp of the s8 kernels, -128 ≤ Min ≤ Max ≤ 127.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NnAct
{
    public int Min;
    public int Max;

    public NnAct(int min, int max)
    {
        Min = min;
        Max = max;
    }

    /// <summary>No clamp beyond int8.</summary>
    public static NnAct None => new(-128, 127);
}
