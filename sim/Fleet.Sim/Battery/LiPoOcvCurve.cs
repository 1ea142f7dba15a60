// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Sim.Battery;

/// <summary>
/// Open-circuit voltage of a 1S LiPo cell as a function of state of charge, by linear interpolation between
/// tabulated points. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <see cref="Default"/> is the "LiPo voltage chart" tabulated in /work/shared/specs/power-figures.md §4a. Published
/// curves disagree by tens of millivolts on the 20–80 % plateau, so treat the output as approximate; a real
/// product would use a curve measured on its own cell.
/// </remarks>
public sealed class LiPoOcvCurve
{
    // (state of charge 0–1, volts), ascending in both columns.
    private static readonly (double Soc, double Volts)[] ChartPoints =
    [
        (0.00, 3.27), (0.05, 3.61), (0.10, 3.69), (0.20, 3.73), (0.30, 3.77), (0.40, 3.80),
        (0.50, 3.84), (0.60, 3.87), (0.70, 3.95), (0.80, 4.02), (0.90, 4.11), (1.00, 4.20),
    ];

    private readonly (double Soc, double Volts)[] _points;

    /// <summary>Creates a curve from points ordered by state of charge.</summary>
    /// <param name="points">At least two points; state of charge strictly ascending from 0 to 1, volts non-decreasing.</param>
    /// <exception cref="ArgumentException">The points do not satisfy the rules above.</exception>
    public LiPoOcvCurve(IReadOnlyList<(double Soc, double Volts)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2 || points[0].Soc != 0.0 || points[^1].Soc != 1.0)
        {
            throw new ArgumentException("An OCV curve needs at least two points spanning SoC 0 to 1.", nameof(points));
        }

        for (int i = 1; i < points.Count; i++)
        {
            if (points[i].Soc <= points[i - 1].Soc || points[i].Volts < points[i - 1].Volts)
            {
                throw new ArgumentException(
                    $"Point {i} breaks the ordering: SoC must rise strictly and voltage must not fall.", nameof(points));
            }
        }

        _points = [.. points];
    }

    /// <summary>The default curve (power-figures.md §4a): 3.27 V empty, 4.20 V full.</summary>
    public static LiPoOcvCurve Default { get; } = new(ChartPoints);

    /// <summary>Voltage at 0 % state of charge.</summary>
    public double EmptyVolts => _points[0].Volts;

    /// <summary>Voltage at 100 % state of charge.</summary>
    public double FullVolts => _points[^1].Volts;

    /// <summary>Open-circuit voltage in volts; <paramref name="stateOfCharge"/> is clamped to 0–1.</summary>
    public double VoltsAt(double stateOfCharge)
    {
        double soc = double.IsNaN(stateOfCharge) ? 0.0 : Math.Clamp(stateOfCharge, 0.0, 1.0);
        for (int i = 1; i < _points.Length; i++)
        {
            if (soc <= _points[i].Soc)
            {
                (double s0, double v0) = _points[i - 1];
                (double s1, double v1) = _points[i];
                return v0 + ((v1 - v0) * (soc - s0) / (s1 - s0));
            }
        }

        return FullVolts;
    }

    /// <summary>
    /// Lowest state of charge whose open-circuit voltage reaches <paramref name="volts"/> (inverse of
    /// <see cref="VoltsAt"/>): 0 below the empty voltage, 1 above the full voltage.
    /// </summary>
    public double SocAt(double volts)
    {
        if (double.IsNaN(volts) || volts <= _points[0].Volts)
        {
            return 0.0;
        }

        for (int i = 1; i < _points.Length; i++)
        {
            if (volts <= _points[i].Volts)
            {
                (double s0, double v0) = _points[i - 1];
                (double s1, double v1) = _points[i];
                return v1 > v0 ? s0 + ((s1 - s0) * (volts - v0) / (v1 - v0)) : s0;
            }
        }

        return 1.0;
    }

    /// <summary>The points as <c>soc:volts,…</c> (the format <see cref="Parse"/> reads).</summary>
    public override string ToString() =>
        string.Join(",", _points.Select(p => $"{p.Soc.ToString("R", CultureInfo.InvariantCulture)}:{p.Volts.ToString("R", CultureInfo.InvariantCulture)}"));

    /// <summary>Reads <c>soc:volts,soc:volts,…</c> (SoC 0–1 ascending from 0 to 1, volts non-decreasing).</summary>
    /// <exception cref="FormatException">Malformed text or points that break the rules of the constructor.</exception>
    public static LiPoOcvCurve Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var points = new List<(double, double)>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string[] sv = part.Split(':');
            if (sv.Length != 2
                || !double.TryParse(sv[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double soc)
                || !double.TryParse(sv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                || !double.IsFinite(soc) || !double.IsFinite(v) || v <= 0)
            {
                throw new FormatException($"OCV point '{part}': expected soc:volts, e.g. 0.5:3.84");
            }

            points.Add((soc, v));
        }

        try
        {
            return new LiPoOcvCurve(points);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"OCV curve '{text}': {ex.Message}", ex);
        }
    }

    /// <summary>Open-circuit voltage in whole millivolts (rounded), as telemetry reports it.</summary>
    public ushort MillivoltsAt(double stateOfCharge) => (ushort)Math.Round(VoltsAt(stateOfCharge) * 1000.0);
}
