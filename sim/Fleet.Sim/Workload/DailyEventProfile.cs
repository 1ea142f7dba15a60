// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Sim.Workload;

/// <summary>
/// How a day's events spread over its 24 hours (weights normalised to sum 1). Immutable. It matters where the hour
/// does: a heartbeat is sent only when no event went up for <c>heartbeat_s</c>, which is likelier in quiet hours.
/// </summary>
public sealed class DailyEventProfile
{
    private readonly double[] _share;

    private DailyEventProfile(double[] weights)
    {
        double sum = weights.Sum();
        _share = [.. weights.Select(w => w / sum)];
    }

    /// <summary>Share of the day's events in hour <paramref name="hour"/> (0–23).</summary>
    public double Share(int hour) => _share[hour];

    /// <summary>
    /// <c>flat</c> (equal hours), <c>daytime</c> (08:00–20:00 only; e.g. people passing a door), or 24
    /// comma-separated non-negative weights with a positive sum.
    /// </summary>
    /// <exception cref="FormatException">Anything else.</exception>
    public static DailyEventProfile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "flat")
        {
            return new DailyEventProfile([.. Enumerable.Repeat(1.0, 24)]);
        }

        if (text == "daytime")
        {
            return new DailyEventProfile([.. Enumerable.Range(0, 24).Select(h => h is >= 8 and < 20 ? 1.0 : 0.0)]);
        }

        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 24)
        {
            throw new FormatException($"daily profile: flat, daytime or 24 comma-separated weights, got {parts.Length} values");
        }

        double[] w = new double[24];
        for (int i = 0; i < 24; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out w[i]) || !double.IsFinite(w[i]) || w[i] < 0)
            {
                throw new FormatException($"daily profile: hour {i} weight '{parts[i]}' is not a non-negative number");
            }
        }

        if (w.Sum() <= 0)
        {
            throw new FormatException("daily profile: the weights sum to 0");
        }

        return new DailyEventProfile(w);
    }
}
