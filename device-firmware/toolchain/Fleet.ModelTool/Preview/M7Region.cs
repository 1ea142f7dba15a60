// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Preview;

/// <summary>One measured region of a benchmark image: its index, the label the image printed for it, and its
/// executed instructions with the empty marker region's count subtracted.</summary>
public sealed record M7Region(int Index, string Label, long Instructions);
