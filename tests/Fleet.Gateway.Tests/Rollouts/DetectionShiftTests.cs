// SPDX-License-Identifier: MIT
using Fleet.Gateway.Rollouts;

namespace Fleet.Gateway.Tests.Rollouts;

/// <summary>
/// The detection-rate guard's arithmetic: Poisson tails against values worked out to 40 digits (mpmath), and the
/// judgement's rules (drop, rise, the floor for a zero baseline, too few wakes, no baseline, large counts).
/// </summary>
public sealed class DetectionShiftTests
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    [Theory]
    [InlineData(0, 4.8, 0.00822974704902003)]
    [InlineData(3, 9.6, 0.01382587335229695)]
    [InlineData(1, 4.8, 0.04773253288431617)]
    [InlineData(900, 1000, 0.0006977673277963068)]
    [InlineData(1000, 1000, 0.5084093671685060)]
    [InlineData(9000, 10000, 1.389635090659424e-24)]
    public void At_most_is_the_exact_lower_tail(long k, double lambda, double expected) =>
        Assert.Equal(expected, Poisson.AtMost(k, lambda), expected * 1e-9);

    [Theory]
    [InlineData(4, 0.5, 0.001751622556290824)]
    [InlineData(3, 0.5, 0.014387677966970602)]
    [InlineData(1100, 1000, 0.0009626304058665572)]
    public void At_least_is_the_exact_upper_tail(long k, double lambda, double expected) =>
        Assert.Equal(expected, Poisson.AtLeast(k, lambda), expected * 1e-9);

    [Fact]
    public void Tails_stay_finite_where_the_terms_alone_would_overflow_or_underflow()
    {
        // e^-5000 underflows and 5000^5000 overflows as doubles; the sums must not turn into NaN or infinity.
        Assert.Equal(0, Poisson.AtMost(0, 5000));
        Assert.Equal(0, Poisson.AtLeast(20_000, 5000));
        Assert.Equal(1, Poisson.AtLeast(0, 5000));
        var half = Poisson.AtMost(5000, 5000);
        Assert.InRange(half, 0.5, 0.51);
        Assert.Equal(1, half + Poisson.AtLeast(5001, 5000), 12);
    }

    [Fact]
    public void Zero_mean_and_negative_counts_are_the_limits()
    {
        Assert.Equal(1, Poisson.AtMost(0, 0));
        Assert.Equal(0, Poisson.AtLeast(1, 0));
        Assert.Equal(0, Poisson.AtMost(-1, 3));
        Assert.Equal(1, Poisson.AtLeast(-1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Poisson.AtMost(1, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Poisson.AtMost(1, -1));
    }

    [Fact]
    public void Drop_faults_once_silence_is_beyond_chance()
    {
        // 0.80 per wake: 5 silent wakes expect 4.0 (P = e^-4 = 0.018, chance), 6 expect 4.8 (P = 0.0082).
        var five = DetectionShift.Judge(3, 20, 25, 0, 5, 20, Week);
        Assert.Equal(DetectionVerdictKind.Normal, five.Kind);
        var six = DetectionShift.Judge(3, 20, 25, 0, 6, 20, Week);
        Assert.Equal(DetectionVerdictKind.Drop, six.Kind);
        Assert.True(six.IsFault);
        Assert.Equal(4.8, six.Expected, 9);
        Assert.StartsWith("detection drop: detections 0 in 6 wakes, expected 4.8 from 0.80/wake over 7 d", six.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Drop_needs_the_factor_as_well_as_the_probability()
    {
        // 12 wakes at 0.80 expect 9.6. Three detections: P(X ≤ 3) = 0.0138, not below 0.01.
        Assert.Equal(DetectionVerdictKind.Normal, DetectionShift.Judge(3, 20, 25, 3, 12, 20, Week).Kind);
        // 200 wakes expect 160; 110 is far beyond chance (P ~ 1e-5) but not a third of it: not a fault at f = 3 ...
        Assert.Equal(DetectionVerdictKind.Normal, DetectionShift.Judge(3, 20, 25, 110, 200, 20, Week).Kind);
        // ... and is at f = 1.2 (110 ≤ 133).
        Assert.Equal(DetectionVerdictKind.Drop, DetectionShift.Judge(1.2, 20, 25, 110, 200, 20, Week).Kind);
    }

    [Fact]
    public void Rise_faults_a_model_that_fires_every_wake_where_it_fired_one_in_twenty()
    {
        // 1 in 20: 4 wakes expect 0.2, judged against the floor 0.5; 3 detections are chance (P = 0.014), 4 are not.
        Assert.Equal(DetectionVerdictKind.Normal, DetectionShift.Judge(3, 2, 40, 3, 3, 20, Week).Kind);
        var rise = DetectionShift.Judge(3, 2, 40, 4, 4, 20, Week);
        Assert.Equal(DetectionVerdictKind.Rise, rise.Kind);
        Assert.Equal(0.0018, rise.Probability, 4);
        Assert.Contains("detections 4 in 4 wakes, expected 0.2 from 0.05/wake over 7 d, judged against 0.5", rise.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_baseline_does_not_make_one_detection_a_fault()
    {
        // Never fired in 1000 wakes: λ = 0, so only the floor stands between one detection and a fault.
        Assert.Equal(DetectionVerdictKind.Normal, DetectionShift.Judge(3, 0, 1000, 1, 2, 20, Week).Kind);
        Assert.Equal(DetectionVerdictKind.Normal, DetectionShift.Judge(3, 0, 1000, 3, 50, 20, Week).Kind);
        Assert.Equal(DetectionVerdictKind.Rise, DetectionShift.Judge(3, 0, 1000, 4, 50, 20, Week).Kind);
        // And silence after a silent baseline is no drop.
        Assert.Equal(DetectionVerdictKind.Normal, DetectionShift.Judge(3, 0, 1000, 0, 500, 20, Week).Kind);
    }

    [Fact]
    public void Too_few_wakes_after_activation_are_not_judged()
    {
        // One wake with ten detections where one in a thousand was usual: still only one wake.
        var one = DetectionShift.Judge(3, 1, 1000, 10, 1, 20, Week);
        Assert.Equal(DetectionVerdictKind.TooFewWakes, one.Kind);
        Assert.False(one.IsFault);
        Assert.Equal(DetectionVerdictKind.TooFewWakes, DetectionShift.Judge(3, 900, 1000, 0, 0, 20, Week).Kind);
    }

    [Fact]
    public void Without_a_baseline_or_with_the_guard_off_nothing_is_judged()
    {
        var thin = DetectionShift.Judge(3, 19, 19, 0, 100, 20, Week);
        Assert.Equal(DetectionVerdictKind.NoBaseline, thin.Kind);
        Assert.Equal("no detection baseline (19 wakes over 7 d before the rollout, 20 needed): detection rate not judged", thin.Text);
        Assert.Equal(DetectionVerdictKind.NoBaseline, DetectionShift.Judge(3, null, null, 0, 100, 20, Week).Kind);
        Assert.Equal(DetectionVerdictKind.Off, DetectionShift.Judge(0, 20, 25, 0, 100, 20, Week).Kind);
    }

    [Fact]
    public void Large_counts_are_judged_without_overflow()
    {
        // A busy camera: 0.9 per wake over 20,000 baseline wakes, then 5,000 wakes after.
        Assert.Equal(DetectionVerdictKind.Normal, DetectionShift.Judge(3, 18_000, 20_000, 4_450, 5_000, 20, Week).Kind);
        Assert.Equal(DetectionVerdictKind.Drop, DetectionShift.Judge(3, 18_000, 20_000, 1_000, 5_000, 20, Week).Kind);
        Assert.Equal(DetectionVerdictKind.Rise, DetectionShift.Judge(3, 100, 20_000, 1_000, 5_000, 20, Week).Kind);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(3, true)]
    [InlineData(1000, true)]
    [InlineData(1, false)]
    [InlineData(0.5, false)]
    [InlineData(-3, false)]
    [InlineData(1000.5, false)]
    [InlineData(double.NaN, false)]
    public void Factor_is_off_or_above_one_up_to_a_thousand(double factor, bool valid) =>
        Assert.Equal(valid, DetectionShift.IsValidFactor(factor));
}
