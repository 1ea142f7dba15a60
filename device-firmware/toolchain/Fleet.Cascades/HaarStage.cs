// SPDX-License-Identifier: MIT
namespace Fleet.Cascades;

/// <summary>A boosted stage: the window passes when the sum of its features' leaf values reaches <see cref="Threshold"/>.</summary>
/// <param name="Threshold">Stage threshold as written in the XML.</param>
/// <param name="Features">The stage's weak classifiers, in order.</param>
public sealed record HaarStage(double Threshold, IReadOnlyList<HaarFeature> Features);
