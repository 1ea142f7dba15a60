// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_network_info_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NetworkInfoNative
{
    public uint NLayers;
    public uint InH;
    public uint InW;
    public uint InC;
    public uint NOutputs;
    public nuint PersistentBytes;
    public nuint ScratchBytes;
    public nuint Macs;
    public nuint WeightBytes;
}
