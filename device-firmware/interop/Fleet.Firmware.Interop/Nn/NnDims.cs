// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// Mirror of <c>fl_nn_dims_t</c>: a tensor <c>[N][H][W][C]</c> (HWC, N = 1 for tensors) or a filter
/// (conv: N = output channels, C = input channels; depthwise: N = 1, C = output channels).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct NnDims
{
    public int N;
    public int H;
    public int W;
    public int C;

    public NnDims(int n, int h, int w, int c)
    {
        N = n;
        H = h;
        W = w;
        C = c;
    }

    /// <summary>N·H·W·C, or -1 when a dimension is negative or the product does not fit an int.</summary>
    public readonly long Elements => N < 0 || H < 0 || W < 0 || C < 0 ? -1 : (long)N * H * W * C;

    public override readonly string ToString() => $"[{N}x{H}x{W}x{C}]";
}
