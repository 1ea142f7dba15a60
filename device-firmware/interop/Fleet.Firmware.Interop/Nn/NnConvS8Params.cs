// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_conv_s8_params_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NnConvS8Params
{
    /// <summary>-input_zero_point, -127..128.</summary>
    public int InputOffset;
    /// <summary>output_zero_point, -128..127.</summary>
    public int OutputOffset;
    public NnHw Stride;
    public NnHw Pad;
    public NnAct Act;
}
