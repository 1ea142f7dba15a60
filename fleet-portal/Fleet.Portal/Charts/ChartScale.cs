// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Charts;

/// <summary>Axis ranges and tick positions at round numbers and round times.</summary>
internal static class ChartScale
{
    /// <summary>About <paramref name="count"/> ticks at 1, 2 or 5 × 10^n covering [min, max]; widens a flat range.</summary>
    public static (double Min, double Max, double[] Ticks) Nice(double min, double max, int count)
    {
        if (!(max > min))
        {
            var pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.05 : 1;
            min -= pad;
            max += pad;
        }

        var raw = (max - min) / Math.Max(1, count);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (raw / magnitude) switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 5 => 5,
            _ => 10,
        } * magnitude;
        var lo = Math.Floor(min / step) * step;
        var hi = Math.Ceiling(max / step) * step;
        var ticks = new List<double>();
        for (var v = lo; v <= hi + step / 2; v += step)
        {
            ticks.Add(Math.Round(v, 10));
        }

        return (lo, hi, ticks.ToArray());
    }

    /// <summary>Evenly spaced time ticks and the label format that suits the span.</summary>
    public static (DateTime[] Ticks, string Format) Times(DateTime from, DateTime to, int count)
    {
        var span = to - from;
        var format = span <= TimeSpan.FromHours(2) ? "HH:mm:ss"
            : span <= TimeSpan.FromDays(2) ? "HH:mm"
            : "MMM d";
        var ticks = new DateTime[count + 1];
        for (var i = 0; i <= count; i++)
        {
            ticks[i] = from + span * i / count;
        }

        return (ticks, format);
    }
}
