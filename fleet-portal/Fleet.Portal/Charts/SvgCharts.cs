// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Fleet.Portal.Charts;

/// <summary>
/// Server-side SVG charts: no script and no library, so they render offline and in any browser. Each chart is an
/// <c>img</c> with a title and a one-sentence description for screen readers, axes with labelled ticks (UTC),
/// and scales to its container (viewBox).
/// </summary>
public static class SvgCharts
{
    private const int Width = 640;
    private const int Height = 240;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 28;
    private const int Bottom = 36;

    /// <summary>A line chart of <paramref name="series"/> over time.</summary>
    /// <param name="id">Unique id on the page (for the title and description references).</param>
    /// <param name="title">Visible title, also the accessible name.</param>
    /// <param name="unit">Unit of the values, shown on the axis.</param>
    /// <param name="series">Lines; at least one point in all.</param>
    /// <param name="description">One sentence with what the chart shows (latest value, projection).</param>
    /// <param name="yMin">Fixed lower bound (e.g. 0 %), or null to fit the data.</param>
    /// <param name="yMax">Fixed upper bound, or null to fit the data.</param>
    public static IHtmlContent TimeSeries(string id, string title, string unit, IReadOnlyList<ChartSeries> series,
        string description, double? yMin = null, double? yMax = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var points = series.SelectMany(s => s.Points).ToList();
        var svg = Open(id, title, description);
        if (points.Count == 0)
        {
            Text(svg, Width / 2.0, Height / 2.0, "No data in this range", "chart-empty", "middle");
            return Close(svg);
        }

        var from = points.Min(p => p.Time);
        var to = points.Max(p => p.Time);
        if (to <= from)
        {
            from -= TimeSpan.FromMinutes(1);
            to += TimeSpan.FromMinutes(1);
        }

        var (lo, hi, yTicks) = ChartScale.Nice(yMin ?? points.Min(p => p.Value), yMax ?? points.Max(p => p.Value), 4);
        double X(DateTime t) => Left + (t - from) / (to - from) * (Width - Left - Right);
        double Y(double v) => Height - Bottom - (v - lo) / (hi - lo) * (Height - Top - Bottom);

        foreach (var tick in yTicks)
        {
            Line(svg, Left, Y(tick), Width - Right, Y(tick), "chart-grid");
            Text(svg, Left - 6, Y(tick) + 4, Number(tick), "chart-tick", "end");
        }

        var (xTicks, format) = ChartScale.Times(from, to, 4);
        foreach (var tick in xTicks)
        {
            Line(svg, X(tick), Height - Bottom, X(tick), Height - Bottom + 4, "chart-axis");
            var anchor = tick == xTicks[0] ? "start" : tick == xTicks[^1] ? "end" : "middle";
            Text(svg, X(tick), Height - Bottom + 16, tick.ToString(format, CultureInfo.InvariantCulture), "chart-tick", anchor);
        }

        Line(svg, Left, Top, Left, Height - Bottom, "chart-axis");
        Line(svg, Left, Height - Bottom, Width - Right, Height - Bottom, "chart-axis");
        Text(svg, Left, Top - 10, unit, "chart-unit", "start");
        Text(svg, Width - Right, Height - 4, "UTC", "chart-unit", "end");

        var legendX = Width - Right;
        foreach (var s in series.Reverse())
        {
            Text(svg, legendX, Top - 10, s.Name, "chart-legend " + s.CssClass, "end");
            legendX -= 12 + (7 * s.Name.Length);
        }

        foreach (var s in series.Where(s => s.Points.Count > 0))
        {
            svg.Append("<polyline class=\"chart-line ").Append(Attr(s.CssClass)).Append(s.Dashed ? " chart-dashed" : "")
                .Append("\" points=\"");
            foreach (var p in s.Points)
            {
                svg.Append(F(X(p.Time))).Append(',').Append(F(Y(p.Value))).Append(' ');
            }

            svg.Append("\"/>");
            if (s.Points.Count == 1)
            {
                svg.Append("<circle class=\"chart-dot ").Append(Attr(s.CssClass)).Append("\" r=\"3\" cx=\"")
                    .Append(F(X(s.Points[0].Time))).Append("\" cy=\"").Append(F(Y(s.Points[0].Value))).Append("\"/>");
            }
        }

        return Close(svg);
    }

    /// <summary>A horizontal bar chart (e.g. charge per firmware state), each bar labelled with its value.</summary>
    public static IHtmlContent Bars(string id, string title, string unit, IReadOnlyList<ChartBar> bars,
        string description)
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int row = 22;
        const int labelWidth = 120;
        var height = Top + (Math.Max(1, bars.Count) * row) + 8;
        var svg = Open(id, title, description, height);
        var max = bars.Count == 0 ? 1 : Math.Max(bars.Max(b => b.Value), double.Epsilon);
        var y = (double)Top;
        foreach (var bar in bars)
        {
            var w = bar.Value / max * (Width - labelWidth - 120);
            Text(svg, labelWidth - 8, y + 15, bar.Label, "chart-tick", "end");
            svg.Append("<rect class=\"chart-bar\" x=\"").Append(labelWidth).Append("\" y=\"").Append(F(y + 3))
                .Append("\" width=\"").Append(F(Math.Max(1, w))).Append("\" height=\"").Append(row - 6).Append("\"/>");
            Text(svg, labelWidth + Math.Max(1, w) + 6, y + 15, Number(bar.Value) + " " + unit, "chart-tick", "start");
            y += row;
        }

        return Close(svg);
    }

    private static StringBuilder Open(string id, string title, string description, int height = Height)
    {
        var sb = new StringBuilder(4096);
        var safeId = Attr(id);
        sb.Append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(height)
            .Append("\" aria-labelledby=\"").Append(safeId).Append("-t ").Append(safeId).Append("-d\">")
            .Append("<title id=\"").Append(safeId).Append("-t\">").Append(HtmlEncoder.Default.Encode(title)).Append("</title>")
            .Append("<desc id=\"").Append(safeId).Append("-d\">").Append(HtmlEncoder.Default.Encode(description)).Append("</desc>");
        return sb;
    }

    private static HtmlString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static void Line(StringBuilder svg, double x1, double y1, double x2, double y2, string css) =>
        svg.Append("<line class=\"").Append(css).Append("\" x1=\"").Append(F(x1)).Append("\" y1=\"").Append(F(y1))
            .Append("\" x2=\"").Append(F(x2)).Append("\" y2=\"").Append(F(y2)).Append("\"/>");

    private static void Text(StringBuilder svg, double x, double y, string text, string css, string anchor) =>
        svg.Append("<text class=\"").Append(Attr(css)).Append("\" x=\"").Append(F(x)).Append("\" y=\"").Append(F(y))
            .Append("\" text-anchor=\"").Append(anchor).Append("\">").Append(HtmlEncoder.Default.Encode(text)).Append("</text>");

    private static string Attr(string value) => HtmlEncoder.Default.Encode(value);

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A value with as few digits as it needs (12, 3.5, 0.25, 12.3k).</summary>
    internal static string Number(double v) => Math.Abs(v) switch
    {
        >= 100_000 => (v / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        >= 100 => v.ToString("0", CultureInfo.InvariantCulture),
        >= 1 => v.ToString("0.##", CultureInfo.InvariantCulture),
        _ => v.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
