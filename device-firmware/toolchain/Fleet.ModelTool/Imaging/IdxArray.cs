// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Imaging;

/// <summary>An IDX ubyte array (MNIST format): its dimensions and the row-major bytes.</summary>
public sealed record IdxArray(IReadOnlyList<int> Dims, byte[] Data)
{
    public int Count => Dims[0];

    /// <summary>Bytes per item (product of the dimensions after the first).</summary>
    public int ItemSize => Dims.Skip(1).Aggregate(1, (a, b) => a * b);

    public ReadOnlySpan<byte> Item(int index) => Data.AsSpan(index * ItemSize, ItemSize);
}
