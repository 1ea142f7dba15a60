// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Security;
using System.Text;

namespace Fleet.Sim.Plots;

/// <summary>A minimal SVG writer: lines, polylines, rectangles and text in user units. Not thread-safe.</summary>
public sealed class SvgCanvas
{
    private readonly StringBuilder _body = new();

    public SvgCanvas(double width, double height)
    {
        Width = width;
        Height = height;
    }

    public double Width { get; }

    public double Height { get; }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1) =>
        _body.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{stroke}\" stroke-width=\"{F(width)}\"/>\n");

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 1.5)
    {
        _body.Append("<polyline fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(F(width)).Append("\" points=\"");
        foreach ((double x, double y) in points)
        {
            _body.Append(F(x)).Append(',').Append(F(y)).Append(' ');
        }

        _body.Append("\"/>\n");
    }

    public void Rect(double x, double y, double w, double h, string fill) =>
        _body.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(Math.Max(0, w))}\" height=\"{F(Math.Max(0, h))}\" fill=\"{fill}\"/>\n");

    public void Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = "#222") =>
        _body.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{F(x)}\" y=\"{F(y)}\" font-family=\"sans-serif\" font-size=\"{F(size)}\" text-anchor=\"{anchor}\" fill=\"{fill}\">{SecurityElement.Escape(text)}</text>\n");

    /// <summary>The SVG document.</summary>
    public override string ToString() =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(Width)}\" height=\"{F(Height)}\" viewBox=\"0 0 {F(Width)} {F(Height)}\">\n" +
        $"<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{_body}</svg>\n";

    /// <summary>Formats a number for a label.</summary>
    public static string Label(double v) =>
        Math.Abs(v) >= 100 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
