// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_nn_per_channel_quant_t</c>: two arrays of C_out entries.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NnPerChannelQuantNative
{
    public int* Multiplier;
    public int* Shift;
}
