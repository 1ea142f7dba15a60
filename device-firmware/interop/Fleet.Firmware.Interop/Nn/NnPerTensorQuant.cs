// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_per_tensor_quant_t</c>: Q31 multiplier (&gt; 0) and shift (-31..30, &gt; 0 = left).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NnPerTensorQuant
{
    public int Multiplier;
    public int Shift;

    public NnPerTensorQuant(int multiplier, int shift)
    {
        Multiplier = multiplier;
        Shift = shift;
    }
}
