// SPDX-License-Identifier: MIT
using Fleet.Gateway.Devices;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Gateway.Tests.Devices;

public sealed class BatteryDrainEstimatorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static BatteryDrainEstimator Sut(FleetStateOptions? options = null) =>
        new(Options.Create(options ?? new FleetStateOptions()));

    /// <summary>One sample per <paramref name="step"/>, SoC from <paramref name="startPm"/> down by <paramref name="dropPm"/> per step.</summary>
    private List<SocSample> Series(int count, TimeSpan step, int startPm, double dropPm, Func<int, int>? noise = null)
    {
        var samples = new List<SocSample>();
        for (var i = 0; i < count; i++)
        {
            samples.Add(new SocSample(_time.GetUtcNow(), (int)Math.Round(startPm - dropPm * i) + (noise?.Invoke(i) ?? 0)));
            _time.Advance(step);
        }

        return samples;
    }

    [Fact]
    public void Estimate_LinearDischarge_FitsRateAndProjectsEmptyDate()
    {
        // 1 % per day, sampled every 12 h for 4 days, from 80 %.
        var samples = Series(9, TimeSpan.FromHours(12), 800, 5);
        var last = samples[^1].At;

        var estimate = Sut().Estimate(samples, _time.GetUtcNow());

        Assert.NotNull(estimate);
        Assert.Equal(1.0, estimate.DrainPercentPerDay, 3);
        Assert.Equal(76.0, estimate.FittedSocPercent, 3);
        Assert.Equal(last + TimeSpan.FromDays(76), estimate.ProjectedEmptyAt!.Value, TimeSpan.FromMinutes(1));
        Assert.Equal(9, estimate.Samples);
    }

    [Fact]
    public void Estimate_NoisyGaugeWithOneGlitch_IgnoresTheOutlier()
    {
        // ±1 ‰ jitter and one reading that drops 30 % (a brown-out during a radio burst).
        var samples = Series(25, TimeSpan.FromHours(2), 900, 1, i => i == 12 ? -300 : (i % 2 == 0 ? 1 : -1));

        var estimate = Sut().Estimate(samples, _time.GetUtcNow());

        Assert.NotNull(estimate);
        Assert.Equal(24, estimate.Samples);
        Assert.InRange(estimate.DrainPercentPerDay, 1.1, 1.3); // 1 ‰ per 2 h = 1.2 %/day
    }

    [Fact]
    public void Estimate_BatterySwapped_FitsOnlyTheNewBattery()
    {
        // Old battery: 3 %/day down to ~20 %; then a fresh one at 100 % draining 1 %/day.
        var old = Series(12, TimeSpan.FromHours(12), 380, 15);
        var swapAt = _time.GetUtcNow();
        var fresh = Series(9, TimeSpan.FromHours(12), 1000, 5);

        var estimate = Sut().Estimate([.. old, .. fresh], _time.GetUtcNow());

        Assert.NotNull(estimate);
        Assert.Equal(swapAt, estimate.Since);
        Assert.Equal(9, estimate.Samples);
        Assert.Equal(1.0, estimate.DrainPercentPerDay, 3);
        Assert.Equal(96.0, estimate.FittedSocPercent, 3);
    }

    [Fact]
    public void Estimate_Charging_HasNegativeDrainAndNoEmptyDate()
    {
        // Solar top-up: +0.4 % per sample, each rise below the swap threshold.
        var samples = Series(10, TimeSpan.FromHours(1), 500, -4);

        var estimate = Sut().Estimate(samples, _time.GetUtcNow());

        Assert.NotNull(estimate);
        Assert.True(estimate.DrainPercentPerDay < 0);
        Assert.Null(estimate.ProjectedEmptyAt);
    }

    [Fact]
    public void Estimate_TooFewSamplesOrTooShortSpan_ReturnsNull()
    {
        Assert.Null(Sut().Estimate(Series(2, TimeSpan.FromHours(6), 800, 10), _time.GetUtcNow()));
        Assert.Null(Sut().Estimate(Series(10, TimeSpan.FromMinutes(5), 800, 1), _time.GetUtcNow()));
    }

    [Fact]
    public void Estimate_SamplesOlderThanWindow_AreIgnored()
    {
        var options = new FleetStateOptions { DrainWindow = TimeSpan.FromDays(2) };
        var ancient = Series(10, TimeSpan.FromHours(6), 900, 20); // steep, 2.5 days long
        var recent = Series(5, TimeSpan.FromHours(12), 700, 5);   // 1 %/day, mostly within the last 2 days

        var estimate = Sut(options).Estimate([.. ancient, .. recent], _time.GetUtcNow());

        Assert.NotNull(estimate);
        Assert.Equal(1.0, estimate.DrainPercentPerDay, 3);
    }
}
