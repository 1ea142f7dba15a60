// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_dwconv_s8_params_t</c>. Output channel o reads input channel o / ChMult.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NnDwConvS8Params
{
    public int InputOffset;
    public int OutputOffset;
    public int ChMult;
    public NnHw Stride;
    public NnHw Pad;
    public NnAct Act;
}
