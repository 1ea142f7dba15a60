// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Gateway.Rollouts;

/// <summary>
/// The detection-rate guard's judgement (docs/rollouts.md, "Detection-rate guard"): whether an activated device's
/// detections after activation are too far from its own baseline to be chance. With the baseline rate
/// r = detections / wakes and n wakes after activation, λ = r·n; a <b>drop</b> when observed ≤ λ/f and
/// P(X ≤ observed | λ) &lt; <see cref="Alpha"/>, a <b>rise</b> when observed ≥ λ'·f and P(X ≥ observed | λ') &lt;
/// <see cref="Alpha"/> with λ' = max(λ, <see cref="RiseFloor"/>).
/// </summary>
public static class DetectionShift
{
    /// <summary>Largest factor a request may ask for (1000: a thousandfold change is already "any change at all").</summary>
    public const double MaxFactor = 1000;

    /// <summary>Chance level below which a shift is not put down to luck: one device in a hundred healthy ones.</summary>
    public const double Alpha = 0.01;

    /// <summary>Least wakes after activation before a device is judged: one wake is one frame's luck.</summary>
    public const int MinWakesAfter = 2;

    /// <summary>
    /// Least expected detections the rise rule compares with. Without it a baseline of zero detections would make
    /// any detection a fault (P(X ≥ 1 | 0) = 0); at 0.5 the fewest that can fault are 4 (P(X ≥ 3 | 0.5) = 0.014,
    /// P(X ≥ 4 | 0.5) = 0.0018), whatever the baseline and however few the wakes.
    /// </summary>
    public const double RiseFloor = 0.5;

    /// <summary>A factor is 0 (off) or above 1 and at most <see cref="MaxFactor"/>.</summary>
    public static bool IsValidFactor(double factor) => factor == 0 || factor is > 1 and <= MaxFactor;

    /// <summary>Judges one device's counts. Pure: the engine stores the figures and calls this as wakes come in.</summary>
    /// <param name="factor">The rollout's <see cref="RolloutPolicy.DetectionShift"/>; 0 = off.</param>
    /// <param name="detectionsBefore">Detections (with a box) over the baseline window; null = not counted.</param>
    /// <param name="wakesBefore">Wakes over the baseline window; null = not counted.</param>
    /// <param name="detectionsAfter">Detections (with a box) of the new version in the wakes after activation.</param>
    /// <param name="wakesAfter">Wakes (completed) after activation.</param>
    /// <param name="minBaselineWakes">Fewest baseline wakes to judge at all.</param>
    /// <param name="window">The baseline window, for the text.</param>
    public static DetectionVerdict Judge(double factor, int? detectionsBefore, int? wakesBefore, int detectionsAfter,
        int wakesAfter, int minBaselineWakes, TimeSpan window)
    {
        if (factor <= 0)
        {
            return new DetectionVerdict(DetectionVerdictKind.Off, 0, 1, "detection-rate guard off");
        }

        if (detectionsBefore is not { } db || wakesBefore is not { } wb || wb < Math.Max(1, minBaselineWakes))
        {
            return new DetectionVerdict(DetectionVerdictKind.NoBaseline, 0, 1, string.Create(CultureInfo.InvariantCulture,
                $"no detection baseline ({wakesBefore ?? 0} wakes over {Span(window)} before the rollout, {minBaselineWakes} needed): detection rate not judged"));
        }

        var rate = (double)db / wb;
        var expected = rate * wakesAfter;
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"detections {detectionsAfter} in {wakesAfter} wakes, expected {expected:0.0#} from {rate:0.00#}/wake over {Span(window)}");
        if (wakesAfter < MinWakesAfter)
        {
            return new DetectionVerdict(DetectionVerdictKind.TooFewWakes, expected, 1, figures);
        }

        if (detectionsAfter <= expected / factor)
        {
            var p = Poisson.AtMost(detectionsAfter, expected);
            if (p < Alpha)
            {
                return new DetectionVerdict(DetectionVerdictKind.Drop, expected, p,
                    string.Create(CultureInfo.InvariantCulture, $"detection drop: {figures} (P = {p:0.####})"));
            }
        }

        var floor = Math.Max(expected, RiseFloor);
        if (detectionsAfter >= floor * factor)
        {
            var p = Poisson.AtLeast(detectionsAfter, floor);
            if (p < Alpha)
            {
                var against = floor > expected ? string.Create(CultureInfo.InvariantCulture, $", judged against {floor:0.0#}") : "";
                return new DetectionVerdict(DetectionVerdictKind.Rise, expected, p,
                    string.Create(CultureInfo.InvariantCulture, $"detection rise: {figures}{against} (P = {p:0.####})"));
            }
        }

        return new DetectionVerdict(DetectionVerdictKind.Normal, expected, 1, figures);
    }

    /// <summary>"7 d", "12 h" or "01:30:00".</summary>
    public static string Span(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerDay == 0 ? string.Create(CultureInfo.InvariantCulture, $"{window.TotalDays:0} d")
        : window.Ticks % TimeSpan.TicksPerHour == 0 ? string.Create(CultureInfo.InvariantCulture, $"{window.TotalHours:0} h")
        : window.ToString("c", CultureInfo.InvariantCulture);
}

public enum DetectionVerdictKind
{
    /// <summary>The rollout does not use the guard.</summary>
    Off,

    /// <summary>Too few baseline wakes (or none counted): the device is not judged.</summary>
    NoBaseline,

    /// <summary>Fewer than <see cref="DetectionShift.MinWakesAfter"/> wakes after activation.</summary>
    TooFewWakes,

    /// <summary>Judged and within chance.</summary>
    Normal,

    Drop,
    Rise,
}

/// <summary>One judgement: its kind, the expected detections, the tail probability (1 when not a fault) and the text.</summary>
public sealed record DetectionVerdict(DetectionVerdictKind Kind, double Expected, double Probability, string Text)
{
    public bool IsFault => Kind is DetectionVerdictKind.Drop or DetectionVerdictKind.Rise;
}
