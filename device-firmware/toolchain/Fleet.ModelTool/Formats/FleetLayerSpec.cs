// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Formats;

/// <summary>
/// One layer record (docs/model-format.md, "Layer table") without its input shape, which v1 chains from the
/// previous layer (or the input spec), and without tensor offsets, which the canonical packing fixes. Fields an
/// op does not use stay 0. Tensors: int8 weights and bias bytes as the file stores them (s8 bias is int32
/// little-endian, 4·out_c bytes); s8 multipliers and shifts as int32 arrays; null or empty = absent.
/// </summary>
public sealed record FleetLayerSpec(
    FleetLayerOp Op,
    int OutHeight,
    int OutWidth,
    int OutChannels,
    int KernelH = 0,
    int KernelW = 0,
    int StrideH = 0,
    int StrideW = 0,
    int PadH = 0,
    int PadW = 0,
    int ChannelMultiplier = 0,
    int BiasLShift = 0,
    int OutRShift = 0,
    int Rounding = 0,
    int FracBits = 0,
    sbyte InputZeroPoint = 0,
    sbyte OutputZeroPoint = 0,
    sbyte ActMin = 0,
    sbyte ActMax = 0,
    int SoftmaxMultiplier = 0,
    int SoftmaxShift = 0,
    int SoftmaxDiffMin = 0,
    byte[]? Weights = null,
    byte[]? Bias = null,
    int[]? Multipliers = null,
    int[]? Shifts = null)
{
    public int OutElements => OutHeight * OutWidth * OutChannels;
}
