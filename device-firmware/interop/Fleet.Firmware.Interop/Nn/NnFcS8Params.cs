// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_fc_s8_params_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NnFcS8Params
{
    public int InputOffset;
    public int OutputOffset;
    public NnAct Act;
}
