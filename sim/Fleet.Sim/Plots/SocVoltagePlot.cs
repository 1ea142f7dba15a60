// SPDX-License-Identifier: MIT
using Fleet.Sim.Battery;

namespace Fleet.Sim.Plots;

/// <summary>State of charge and voltage (open-circuit and under the worst pulse) over the nominal device's life, with
/// the cut-off as a dashed line.</summary>
public static class SocVoltagePlot
{
    public static string Render(string title, IReadOnlyList<LifePoint> points, double lifeDays, double cutoffV)
    {
        ArgumentNullException.ThrowIfNull(points);
        var c = new SvgCanvas(800, 420);
        const double L = 70, R = 730, T = 40, B = 360;
        double maxDay = Math.Max(1, Math.Max(lifeDays, points.Count > 0 ? points[^1].Day : 1));
        double vMin = Math.Min(cutoffV, points.Count > 0 ? points.Min(p => p.LoadedV) : cutoffV) - 0.05;
        double vMax = Math.Max(4.25, points.Count > 0 ? points.Max(p => p.OcvV) : 4.25);
        double X(double d) => L + ((R - L) * d / maxDay);
        double Ys(double soc) => B - ((B - T) * soc);
        double Yv(double v) => B - ((B - T) * (v - vMin) / (vMax - vMin));

        c.Text(400, 22, title, 15, "middle");
        c.Line(L, B, R, B, "#444");
        c.Line(L, T, L, B, "#444");
        c.Line(R, T, R, B, "#444");
        for (int i = 0; i <= 5; i++)
        {
            double d = maxDay * i / 5;
            c.Line(X(d), B, X(d), B + 5, "#444");
            c.Text(X(d), B + 20, SvgCanvas.Label(d), 11, "middle");
            c.Text(L - 8, Ys(i / 5.0) + 4, $"{i * 20} %", 11, "end");
            double v = vMin + ((vMax - vMin) * i / 5);
            c.Text(R + 8, Yv(v) + 4, $"{v:0.00} V", 11);
        }

        c.Text(400, B + 42, "days", 12, "middle");
        c.Line(L, Yv(cutoffV), R, Yv(cutoffV), "#c00", 1);
        c.Text(R - 4, Yv(cutoffV) - 4, "cut-off", 11, "end", "#c00");
        c.Polyline(points.Select(p => (X(p.Day), Ys(p.Soc))), "#1f77b4");
        c.Polyline(points.Select(p => (X(p.Day), Yv(p.OcvV))), "#2ca02c");
        c.Polyline(points.Select(p => (X(p.Day), Yv(p.LoadedV))), "#ff7f0e", 1);
        c.Text(L + 10, T + 14, "state of charge (left)", 11, fill: "#1f77b4");
        c.Text(L + 10, T + 30, "open-circuit voltage (right)", 11, fill: "#2ca02c");
        c.Text(L + 10, T + 46, "voltage under the worst pulse, coldest hour (right)", 11, fill: "#ff7f0e");
        return c.ToString();
    }
}
