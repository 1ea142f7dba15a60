// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_conv_q7_params_t</c> (conv and depthwise conv, q7).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NnConvQ7Params
{
    public NnHw Stride;
    public NnHw Pad;
    public NnQ7Shift Shift;
}
