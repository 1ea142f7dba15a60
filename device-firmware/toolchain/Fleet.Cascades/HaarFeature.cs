// SPDX-License-Identifier: MIT
namespace Fleet.Cascades;

/// <summary>A stump weak classifier: value &lt; <see cref="Threshold"/> gives <see cref="Left"/>, else <see cref="Right"/>.</summary>
/// <param name="Threshold">Node threshold on the variance-normalised feature value, as written in the XML.</param>
/// <param name="Left">Leaf value below the threshold.</param>
/// <param name="Right">Leaf value at or above the threshold.</param>
/// <param name="Rects">1 to 3 rectangles.</param>
public sealed record HaarFeature(double Threshold, double Left, double Right, IReadOnlyList<HaarRect> Rects);
