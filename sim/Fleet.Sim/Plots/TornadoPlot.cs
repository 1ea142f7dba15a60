// SPDX-License-Identifier: MIT
using Fleet.Sim.Battery;

namespace Fleet.Sim.Plots;

/// <summary>Tornado chart: for the inputs that move the life most, the life at −X % and +X % around the nominal.</summary>
public static class TornadoPlot
{
    /// <summary>Renders the first <paramref name="top"/> rows (they come sorted by swing).</summary>
    public static string Render(string title, IReadOnlyList<SensitivityRow> rows, double nominalDays, double stepPct, int top = 12)
    {
        ArgumentNullException.ThrowIfNull(rows);
        SensitivityRow[] shown = [.. rows.Take(top)];
        var c = new SvgCanvas(900, 100 + (shown.Length * 30));
        const double L = 260, R = 840;
        c.Text(450, 24, $"{title} (each input -{stepPct:0.#} % / +{stepPct:0.#} %)", 15, "middle");
        if (shown.Length == 0)
        {
            c.Text(450, 60, "no inputs to vary", 12, "middle");
            return c.ToString();
        }

        double lo = Math.Min(nominalDays, shown.Min(r => Math.Min(r.LowLifeDays, r.HighLifeDays)));
        double hi = Math.Max(nominalDays, shown.Max(r => Math.Max(r.LowLifeDays, r.HighLifeDays)));
        if (hi - lo < 1e-9)
        {
            hi = lo + 1;
        }

        double X(double d) => L + ((R - L) * (d - lo) / (hi - lo));
        for (int i = 0; i < shown.Length; i++)
        {
            SensitivityRow r = shown[i];
            double y = 50 + (i * 30);
            c.Text(L - 8, y + 15, r.Key, 12, "end");
            c.Rect(Math.Min(X(nominalDays), X(r.LowLifeDays)), y + 3, Math.Abs(X(r.LowLifeDays) - X(nominalDays)), 18, "#dd8452");
            c.Rect(Math.Min(X(nominalDays), X(r.HighLifeDays)), y + 3, Math.Abs(X(r.HighLifeDays) - X(nominalDays)), 18, "#55a868");
        }

        double bottom = 50 + (shown.Length * 30);
        c.Line(X(nominalDays), 45, X(nominalDays), bottom, "#222");
        c.Line(L, bottom, R, bottom, "#444");
        c.Text(L, bottom + 18, SvgCanvas.Label(lo), 11, "middle");
        c.Text(R, bottom + 18, SvgCanvas.Label(hi), 11, "middle");
        c.Text(X(nominalDays), bottom + 18, $"{SvgCanvas.Label(nominalDays)} days (nominal)", 11, "middle");
        c.Text(L, bottom + 38, "orange: input lowered; green: input raised", 11);
        return c.ToString();
    }
}
