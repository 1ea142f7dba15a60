// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_network_layer_t</c>. Weights and Bias point into the caller's blob.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NetworkLayerNative
{
    public int Type;
    public uint N;
    public uint C;
    public uint H;
    public uint W;
    public fixed int Mean[3];
    public int Scale;
    public uint LShift;
    public uint RShift;
    public uint KrnDim;
    public uint KrnPad;
    public uint KrnStr;
    public int PoolType;
    public sbyte* Weights;
    public uint WSize;
    public sbyte* Bias;
    public uint BSize;
}
