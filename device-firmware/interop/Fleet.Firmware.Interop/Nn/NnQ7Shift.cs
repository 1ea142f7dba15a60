// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_q7_shift_t</c>: bias left shift and output right shift, each 0..31.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NnQ7Shift
{
    public uint BiasLShift;
    public uint OutRShift;
    public NnQ7Rounding Rounding;

    public NnQ7Shift(uint biasLShift, uint outRShift, NnQ7Rounding rounding = NnQ7Rounding.Truncate)
    {
        BiasLShift = biasLShift;
        OutRShift = outRShift;
        Rounding = rounding;
    }
}
