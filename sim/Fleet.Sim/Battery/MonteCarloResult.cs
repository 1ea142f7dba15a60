// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Battery;

/// <summary>Lives of a simulated fleet.</summary>
/// <param name="LifeDays">Every device's life, sorted ascending.</param>
/// <param name="HorizonFraction">Share of devices still running at the horizon (their life extrapolated).</param>
/// <param name="ColdFraction">Share stopped by the cold.</param>
public sealed record MonteCarloResult(IReadOnlyList<double> LifeDays, double HorizonFraction, double ColdFraction)
{
    /// <summary>Percentile <paramref name="p"/> (0–100) by linear interpolation between order statistics.</summary>
    public double Percentile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100);
        if (LifeDays.Count == 0)
        {
            return double.NaN;
        }

        double pos = p / 100.0 * (LifeDays.Count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, LifeDays.Count - 1);
        return LifeDays[lo] + ((LifeDays[hi] - LifeDays[lo]) * (pos - lo));
    }
}
