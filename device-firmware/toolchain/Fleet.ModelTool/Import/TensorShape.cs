// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Import;

/// <summary>An activation shape in Fleet's HWC order (batch 1).</summary>
public readonly record struct TensorShape(int H, int W, int C)
{
    public int Elements => H * W * C;

    public override string ToString() => $"{H}x{W}x{C}";
}
