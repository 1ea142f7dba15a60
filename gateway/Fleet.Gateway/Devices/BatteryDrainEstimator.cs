// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Devices;

/// <summary>
/// Fits a drain rate to state-of-charge samples: least squares on SoC against time, over the samples within
/// <see cref="FleetStateOptions.DrainWindow"/> that belong to the current battery (everything after the last rise
/// larger than <see cref="FleetStateOptions.BatterySwapRisePercent"/>), refitted once without outliers. Pure and
/// thread-safe.
/// </summary>
public sealed class BatteryDrainEstimator(IOptions<FleetStateOptions> options)
{
    /// <summary>Below this drain (percent per day) no empty date is projected: it would be decades away.</summary>
    public const double MinProjectedDrainPercentPerDay = 0.01;

    // Residuals within this many per mille are never outliers: a gauge that reports whole percent is that coarse.
    private const double MinOutlierResidualPm = 10;

    /// <summary>The estimate, or null with too few samples or too short a span to say anything.</summary>
    /// <param name="samples">Samples in any order.</param>
    /// <param name="now">The gateway's current time; the window ends here.</param>
    public BatteryDrainEstimate? Estimate(IReadOnlyList<SocSample> samples, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var o = options.Value;
        var since = now - o.DrainWindow;
        var window = samples.Where(s => s.At >= since && s.At <= now).OrderBy(s => s.At).ToList();

        // A swap or a charge starts a new discharge curve; mixing the two would flatten the slope. The rise must
        // also clear the median of the (up to) three samples before, so the rebound after a single low glitch (a
        // brown-out reading) is not mistaken for a fresh battery.
        var swapRisePm = o.BatterySwapRisePercent * 10;
        var start = 0;
        for (var i = 1; i < window.Count; i++)
        {
            if (window[i].SocPm - window[i - 1].SocPm > swapRisePm
                && window[i].SocPm - RecentMedian(window, i) > swapRisePm)
            {
                start = i;
            }
        }

        var current = window.GetRange(start, window.Count - start);
        if (current.Count < o.DrainMinSamples || current[^1].At - current[0].At < o.DrainMinSpan)
        {
            return null;
        }

        var origin = current[0].At;
        var fit = Fit(current, origin);
        var kept = DropOutliers(current, origin, fit);
        if (kept.Count < current.Count && kept.Count >= o.DrainMinSamples && kept[^1].At - kept[0].At >= o.DrainMinSpan)
        {
            current = kept;
            fit = Fit(current, origin);
        }

        var last = current[^1].At;
        var fittedPm = Math.Clamp(fit.Intercept + fit.SlopePerDay * (last - origin).TotalDays, 0, 1000);
        var drainPercentPerDay = -fit.SlopePerDay / 10;
        DateTimeOffset? empty = null;
        if (drainPercentPerDay >= MinProjectedDrainPercentPerDay)
        {
            var days = fittedPm / 10 / drainPercentPerDay;
            // Clamp so a near-flat but positive drain cannot overflow DateTimeOffset.
            empty = last + TimeSpan.FromDays(Math.Min(days, 365 * 100));
        }

        return new BatteryDrainEstimate(drainPercentPerDay, empty, fittedPm / 10, current.Count, current[0].At);
    }

    private static double RecentMedian(List<SocSample> samples, int before)
    {
        var recent = samples.GetRange(Math.Max(0, before - 3), Math.Min(3, before)).Select(s => s.SocPm).Order().ToArray();
        return recent.Length % 2 == 1
            ? recent[recent.Length / 2]
            : (recent[(recent.Length / 2) - 1] + recent[recent.Length / 2]) / 2.0;
    }

    private static (double Intercept, double SlopePerDay) Fit(List<SocSample> samples, DateTimeOffset origin)
    {
        double n = samples.Count, sx = 0, sy = 0;
        foreach (var s in samples)
        {
            sx += (s.At - origin).TotalDays;
            sy += s.SocPm;
        }

        double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
        foreach (var s in samples)
        {
            var dx = (s.At - origin).TotalDays - mx;
            sxx += dx * dx;
            sxy += dx * (s.SocPm - my);
        }

        // The span check guarantees distinct times, so sxx > 0; guard anyway for identical timestamps.
        var slope = sxx > 0 ? sxy / sxx : 0;
        return (my - slope * mx, slope);
    }

    /// <summary>Drops samples whose residual exceeds 3 robust standard deviations (1.4826 × MAD).</summary>
    private static List<SocSample> DropOutliers(
        List<SocSample> samples, DateTimeOffset origin, (double Intercept, double SlopePerDay) fit)
    {
        var residuals = samples
            .Select(s => Math.Abs(s.SocPm - (fit.Intercept + fit.SlopePerDay * (s.At - origin).TotalDays)))
            .ToArray();
        var sorted = residuals.Order().ToArray();
        var mad = sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        var limit = Math.Max(3 * 1.4826 * mad, MinOutlierResidualPm);
        var kept = new List<SocSample>(samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            if (residuals[i] <= limit)
            {
                kept.Add(samples[i]);
            }
        }

        return kept;
    }
}
