// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Imaging;

/// <summary>An IDX float32 array: its dimensions and the row-major values (finite).</summary>
public sealed record IdxFloatArray(IReadOnlyList<int> Dims, float[] Data)
{
    public int Count => Dims[0];

    /// <summary>Values per item (product of the dimensions after the first).</summary>
    public int ItemSize => Dims.Skip(1).Aggregate(1, (a, b) => a * b);

    public ReadOnlySpan<float> Item(int index) => Data.AsSpan(index * ItemSize, ItemSize);
}
