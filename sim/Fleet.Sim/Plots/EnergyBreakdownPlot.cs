// SPDX-License-Identifier: MIT
using Fleet.Sim.Battery;

namespace Fleet.Sim.Plots;

/// <summary>Horizontal bars: share of the cell's charge per ledger state over the nominal device's life.</summary>
public static class EnergyBreakdownPlot
{
    public static string Render(string title, IReadOnlyList<StateShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var c = new SvgCanvas(800, 80 + (shares.Count * 30));
        const double L = 140, R = 700;
        c.Text(400, 24, title, 15, "middle");
        double max = Math.Max(1e-9, shares.Max(s => s.SharePct));
        for (int i = 0; i < shares.Count; i++)
        {
            double y = 50 + (i * 30);
            StateShare s = shares[i];
            c.Text(L - 8, y + 15, s.State, 12, "end");
            c.Rect(L, y + 3, (R - L) * s.SharePct / max, 18, "#4c72b0");
            c.Text(L + ((R - L) * s.SharePct / max) + 6, y + 16, $"{s.SharePct:0.0} % ({s.ChargeMah:0.#} mAh)", 11);
        }

        return c.ToString();
    }
}
