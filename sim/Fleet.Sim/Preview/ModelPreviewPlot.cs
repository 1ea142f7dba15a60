// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Sim.Plots;

namespace Fleet.Sim.Preview;

/// <summary>
/// Dumbbell chart of a preview: one row per fleet configuration, the nominal life with the current model (grey) and
/// with the candidate (blue, or orange when shorter) joined by a line, each labelled in days, and the difference
/// at the right. The axis does not start at 0 on purpose: a change of a few days on a year would be invisible.
/// </summary>
public static class ModelPreviewPlot
{
    private const string CurrentColour = "#8c8c8c";
    private const string LongerColour = "#4c72b0";
    private const string ShorterColour = "#dd8452";

    /// <summary>The SVG document.</summary>
    public static string Svg(ModelPreviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        IReadOnlyList<ConfigurationPreview> rows = result.Configurations;
        string currentLabel = result.Current?.Model.Label ?? "configured CNN";
        var c = new SvgCanvas(960, 150 + (rows.Count * 44));
        const double L = 250, R = 800;
        c.Text(480, 24, $"Battery life per configuration: {currentLabel} vs {result.Candidate.Model.Label}", 15, "middle");
        c.Text(480, 42, $"nominal device, fleet-sim battery model; CNN {Insns(result.Candidate.Model.InstructionsPerInference)} " +
                        $"M7 instructions = {F(result.Candidate.MillijoulesPerInference, "0.###")} mJ per inference", 11, "middle", "#555");
        if (rows.Count == 0)
        {
            c.Text(480, 80, "no fleet configurations given", 12, "middle");
            return c.ToString();
        }

        double lo = rows.Min(r => Math.Min(r.CurrentLifeDays, r.CandidateLifeDays));
        double hi = rows.Max(r => Math.Max(r.CurrentLifeDays, r.CandidateLifeDays));
        double pad = Math.Max((hi - lo) * 0.08, Math.Max(hi * 0.01, 0.5));
        lo = Math.Max(0, lo - pad);
        hi += pad;
        double X(double d) => L + ((R - L) * (d - lo) / (hi - lo));

        double top = 70, bottom = top + (rows.Count * 44);
        foreach (double t in Ticks(lo, hi))
        {
            c.Line(X(t), top - 6, X(t), bottom, "#e5e5e5");
            c.Text(X(t), bottom + 16, SvgCanvas.Label(t), 11, "middle");
        }

        c.Line(L, bottom, R, bottom, "#444");
        c.Text((L + R) / 2, bottom + 36, "nominal battery life (days)", 12, "middle");
        c.Text(R + 14, top - 10, "candidate - current", 11, "start", "#555");
        for (int i = 0; i < rows.Count; i++)
        {
            ConfigurationPreview r = rows[i];
            double y = top + 16 + (i * 44);
            string colour = r.DifferenceDays < 0 ? ShorterColour : LongerColour;
            c.Text(L - 12, y + 4, $"{r.Name} ({r.Devices} devices)", 12, "end");
            c.Text(L - 12, y + 18, $"{F(r.InferencesPerDay, "0.#")} inferences/day", 10, "end", "#666");
            c.Line(X(r.CurrentLifeDays), y, X(r.CandidateLifeDays), y, colour, 3);
            Marker(c, X(r.CurrentLifeDays), y, CurrentColour);
            Marker(c, X(r.CandidateLifeDays), y, colour);
            bool candidateRight = r.CandidateLifeDays >= r.CurrentLifeDays;
            c.Text(X(r.CurrentLifeDays) + (candidateRight ? -8 : 8), y - 8, F(r.CurrentLifeDays, "0.0"), 10, candidateRight ? "end" : "start", CurrentColour);
            c.Text(X(r.CandidateLifeDays) + (candidateRight ? 8 : -8), y - 8, F(r.CandidateLifeDays, "0.0"), 10, candidateRight ? "start" : "end", colour);
            c.Text(R + 14, y + 4, $"{(r.DifferenceDays >= 0 ? "+" : "")}{F(r.DifferenceDays, "0.0")} d ({(r.DifferencePct >= 0 ? "+" : "")}{F(r.DifferencePct, "0.0")} %)", 12, "start", colour);
        }

        double ly = bottom + 58;
        Marker(c, L, ly - 4, CurrentColour);
        c.Text(L + 10, ly, $"current: {currentLabel}", 11);
        Marker(c, L + 300, ly - 4, LongerColour);
        c.Text(L + 310, ly, $"candidate: {result.Candidate.Model.Label} (orange where it shortens the life)", 11);
        return c.ToString();
    }

    private static void Marker(SvgCanvas c, double x, double y, string colour) => c.Rect(x - 5, y - 5, 10, 10, colour);

    // About five round ticks (1, 2 or 5 × 10^k apart) between lo and hi.
    private static IEnumerable<double> Ticks(double lo, double hi)
    {
        double raw = (hi - lo) / 5;
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * mag).First(s => s >= raw);
        for (double t = Math.Ceiling(lo / step) * step; t <= hi + (step * 1e-9); t += step)
        {
            yield return t;
        }
    }

    private static string Insns(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
