// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_pool_s8_params_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NnPoolS8Params
{
    public NnHw Window;
    public NnHw Stride;
    public NnHw Pad;
    public NnAct Act;
}
