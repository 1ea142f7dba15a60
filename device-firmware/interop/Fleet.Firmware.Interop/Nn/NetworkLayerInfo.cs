// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// One validated layer as the C loader holds it (<c>fl_network_layer_t</c>, without the weight pointers).
/// Fields a type does not use are 0. Output shape is C×H×W; N is the Caffe TEST batch size (unused).
/// </summary>
public sealed record NetworkLayerInfo(
    NetworkLayerType Type, int N, int C, int H, int W,
    IReadOnlyList<int> Mean, int Scale, int LShift, int RShift,
    int Kernel, int Pad, int Stride, NetworkPoolType PoolType, int WeightBytes, int BiasBytes);
