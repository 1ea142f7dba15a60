// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// What a <c>.network</c> blob needs (<c>fl_network_info_t</c>): input shape, outputs, the arena bytes of the
/// layer table (persistent) and of one run (scratch), MACs per inference, and weight + bias bytes.
/// </summary>
public sealed record NetworkInfo(
    int Layers, int InputHeight, int InputWidth, int InputChannels, int Outputs,
    long PersistentBytes, long ScratchBytes, long Macs, long WeightBytes);
