// SPDX-License-Identifier: MIT
namespace Fleet.Cascades;

/// <summary>A stump-based Haar cascade as parsed from OpenCV XML, values kept in double precision as written.</summary>
/// <param name="WindowWidth">Detection window width in pixels.</param>
/// <param name="WindowHeight">Detection window height in pixels.</param>
/// <param name="Stages">The stages, in evaluation order.</param>
public sealed record HaarCascade(int WindowWidth, int WindowHeight, IReadOnlyList<HaarStage> Stages)
{
    /// <summary>Total weak classifiers over all stages.</summary>
    public int FeatureCount => Stages.Sum(s => s.Features.Count);

    /// <summary>Total rectangles over all features.</summary>
    public int RectCount => Stages.Sum(s => s.Features.Sum(f => f.Rects.Count));

    /// <summary>The first <paramref name="stages"/> stages (OpenMV's <c>-s</c>); 0 or a count at or above
    /// <see cref="Stages"/>.Count returns this cascade unchanged.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stages"/> is negative.</exception>
    public HaarCascade Truncate(int stages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stages);
        return stages == 0 || stages >= Stages.Count ? this : this with { Stages = Stages.Take(stages).ToArray() };
    }
}
