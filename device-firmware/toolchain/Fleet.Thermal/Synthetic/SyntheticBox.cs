// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Synthetic;

/// <summary>Ground-truth box of one person in pixels (top-left inclusive, clipped to the frame).</summary>
public sealed record SyntheticBox(int X, int Y, int Width, int Height);
