// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_network_t</c>: the layer table (in the arena) and the derived info.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NetworkNative
{
    public NetworkLayerNative* Layers;
    public NetworkInfoNative Info;
}
