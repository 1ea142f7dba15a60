// SPDX-License-Identifier: MIT
using System.Xml.Linq;
using Fleet.Portal.Charts;

namespace Fleet.Portal.Tests;

/// <summary>The server-side charts are well-formed, labelled SVG with the data where the axes say.</summary>
public sealed class SvgChartsUnitTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(Microsoft.AspNetCore.Html.IHtmlContent html) =>
        XElement.Parse(html.ToString()!.Replace("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", StringComparison.Ordinal));

    [Fact]
    public void TimeSeries_HasTitleDescriptionAndAxes_AndPutsHigherValuesHigher()
    {
        DateTime t0 = new(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        ChartSeries series = new("Charge", [new(t0, 20), new(t0.AddHours(1), 80)], "series-a");

        XElement svg = Parse(SvgCharts.TimeSeries("c1", "State of <charge>", "%", [series], "Latest 80 %.", 0, 100));

        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("c1-t c1-d", (string?)svg.Attribute("aria-labelledby"));
        Assert.Equal("State of <charge>", svg.Element(Svg + "title")!.Value);
        Assert.Equal("Latest 80 %.", svg.Element(Svg + "desc")!.Value);
        string[] ticks = svg.Elements(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Contains("0", ticks);
        Assert.Contains("100", ticks);
        Assert.Contains("00:00:00", ticks); // a span under two hours is labelled to the second

        string[] points = ((string)svg.Element(Svg + "polyline")!.Attribute("points")!).Trim().Split(' ');
        double[] first = points[0].Split(',').Select(double.Parse).ToArray();
        double[] last = points[^1].Split(',').Select(double.Parse).ToArray();
        Assert.True(last[0] > first[0], "later is further right");
        Assert.True(last[1] < first[1], "higher value is higher up (smaller y)");
    }

    [Fact]
    public void TimeSeries_WithoutData_SaysSo()
    {
        XElement svg = Parse(SvgCharts.TimeSeries("c2", "Battery", "mV", [], "No data."));
        Assert.Contains(svg.Elements(Svg + "text"), t => t.Value == "No data in this range");
        Assert.Empty(svg.Elements(Svg + "polyline"));
    }

    [Fact]
    public void Bars_AreProportionalToTheValues()
    {
        XElement svg = Parse(SvgCharts.Bars("b", "Charge per state", "µC", [new("sleep", 100), new("detect", 400)], "Largest: detect."));
        double[] widths = svg.Elements(Svg + "rect").Select(r => double.Parse((string)r.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, widths.Length);
        Assert.Equal(4.0, widths[1] / widths[0], 1);
    }
}
