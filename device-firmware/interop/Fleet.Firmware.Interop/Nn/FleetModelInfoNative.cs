// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>Mirror of <c>fl_model_info_t</c>. ModelId is NUL-terminated ASCII; Sha256 is the stored hash.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FleetModelInfoNative
{
    public fixed byte ModelId[32];
    public uint ModelVersion;
    public fixed byte Sha256[32];
    public uint Scheme;
    public uint NLayers;
    public uint NOutputs;
    public uint OutH;
    public uint OutW;
    public uint OutC;
    public uint ArenaBytes;
    public uint FlashBytes;
    public uint WeightBytes;
    public ulong Macs;
    public FleetModelInputNative Input;
}
