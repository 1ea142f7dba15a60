// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_pool_params_t</c> (q7 pooling).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NnPoolParams
{
    public NnHw Window;
    public NnHw Stride;
    public NnHw Pad;
}
