// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Gateway.Devices;

/// <summary>How the gateway judges liveness and battery drain.</summary>
/// <remarks>
/// <code>
/// "FleetState": { "MissedWakesBeforeOffline": 2, "OfflineGrace": "00:01:00", "DrainWindow": "7.00:00:00",
///                 "DrainMinSamples": 3, "DrainMinSpan": "01:00:00", "BatterySwapRisePercent": 5 }
/// </code>
/// </remarks>
public sealed class FleetStateOptions : IValidatableObject
{
    public const string SectionName = "FleetState";

    /// <summary>
    /// Planned wakes a sleeping device may miss before it counts as offline (1 = offline as soon as the first
    /// planned wake plus <see cref="OfflineGrace"/> has passed). Default 2: one missed wake is normal for a radio
    /// that failed once, and must not page anyone.
    /// </summary>
    [Range(1, 1000)]
    public int MissedWakesBeforeOffline { get; set; } = 2;

    /// <summary>Slack after the last missed wake (clock skew, slow connects). Default one minute.</summary>
    public TimeSpan OfflineGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Telemetry older than this is ignored by the drain fit. Default 7 days.</summary>
    public TimeSpan DrainWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Fewest telemetry samples (of the current battery) for a drain rate. Default 3.</summary>
    [Range(2, 100_000)]
    public int DrainMinSamples { get; set; } = 3;

    /// <summary>Shortest time those samples must span: a slope over minutes is mostly gauge noise. Default 1 h.</summary>
    public TimeSpan DrainMinSpan { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A rise in state of charge larger than this between two samples is a battery swap or a charge; the fit
    /// starts after it. Default 5 % (fuel gauges wobble by a percent or two with temperature and load).
    /// </summary>
    [Range(0.1, 100)]
    public double BatterySwapRisePercent { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OfflineGrace < TimeSpan.Zero)
        {
            yield return new ValidationResult("must not be negative", [nameof(OfflineGrace)]);
        }

        if (DrainWindow <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be positive", [nameof(DrainWindow)]);
        }

        if (DrainMinSpan <= TimeSpan.Zero || DrainMinSpan > DrainWindow)
        {
            yield return new ValidationResult("must be positive and at most DrainWindow", [nameof(DrainMinSpan)]);
        }
    }
}
