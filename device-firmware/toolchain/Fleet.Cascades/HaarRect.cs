// SPDX-License-Identifier: MIT
namespace Fleet.Cascades;

/// <summary>One weighted rectangle of a Haar feature, in window pixels (x + w and y + h lie inside the window).</summary>
/// <param name="X">Left column, pixels from the window origin.</param>
/// <param name="Y">Top row, pixels from the window origin.</param>
/// <param name="Width">Width in pixels, at least 1.</param>
/// <param name="Height">Height in pixels, at least 1.</param>
/// <param name="Weight">The rectangle sum's weight (integral in the stock cascades: -1, 2, 3).</param>
public sealed record HaarRect(int X, int Y, int Width, int Height, double Weight);
