// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Charts;

/// <summary>One line of a time chart.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Points">Points, oldest first (UTC).</param>
/// <param name="CssClass">Class of the line (colour comes from portal.css, so contrast is set in one place).</param>
/// <param name="Dashed">Drawn dashed (a projection rather than a measurement).</param>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, string CssClass, bool Dashed = false);

/// <summary>One point of a time chart.</summary>
public readonly record struct ChartPoint(DateTime Time, double Value);

/// <summary>One bar of a bar chart.</summary>
public readonly record struct ChartBar(string Label, double Value);
