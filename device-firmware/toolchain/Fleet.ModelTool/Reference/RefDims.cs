// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Reference;

/// <summary>A batch-1 HWC tensor shape for the reference kernels.</summary>
public readonly record struct RefDims(int H, int W, int C)
{
    public int Elements => H * W * C;
}
