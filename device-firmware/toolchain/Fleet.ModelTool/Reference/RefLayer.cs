// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Reference;

/// <summary>
/// One record of a <c>.network</c> file (spec §2): type 0 DATA, 1 CONV, 2 RELU, 3 POOL, 4 IP; output shape
/// C×H×W (N = Caffe batch size); DATA means/scale; CONV/IP shifts; CONV/POOL kernel, pad, stride; POOL type
/// (0 max, otherwise average, as the firmware read it); int8 weights (IP: x4-interleaved) and biases.
/// </summary>
public sealed record RefLayer(
    int Type, int N, int C, int H, int W,
    int[] Mean, int Scale,
    uint LShift, uint RShift,
    int Kernel, int Pad, int Stride, int PoolType,
    sbyte[] Weights, sbyte[] Bias)
{
    public const int Data = 0;
    public const int Conv = 1;
    public const int Relu = 2;
    public const int Pool = 3;
    public const int Ip = 4;

    public int Elements => C * H * W;
}
