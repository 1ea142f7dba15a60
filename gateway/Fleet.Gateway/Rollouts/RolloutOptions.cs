// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Gateway.Rollouts;

/// <summary>
/// Rollout engine settings and the defaults a rollout request may override (docs/rollouts.md explains each):
/// <code>
/// "Rollouts": { "ChunkSize": 1024, "EvaluationInterval": "00:00:10", "MaxConcurrentTransfers": 50,
///               "MinBatteryPercent": 30, "SuccessFraction": 0.9, "MaxFailureFraction": 0.1,
///               "WaveTimeout": "01:00:00", "WakesPerWave": 3, "StallTimeout": "00:10:00",
///               "SoakTime": "00:00:00", "SoakWakes": 0, "DetectionShift": 0,
///               "DetectionBaseline": "7.00:00:00", "DetectionMinBaselineWakes": 20 }
/// </code>
/// </summary>
public sealed class RolloutOptions : IValidatableObject
{
    public const string SectionName = "Rollouts";

    /// <summary>The OTA offer's <c>chunk_size</c>: the most bytes one chunk carries (protocol limit 1,024).</summary>
    [Range(1, 1024)]
    public int ChunkSize { get; set; } = 1024;

    /// <summary>How often gates, deadlines and stalled transfers are checked besides after every device event.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Default limit of devices holding an offer (transferring) at once, per rollout.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentTransfers { get; set; } = 50;

    /// <summary>Default state of charge below which a device is deferred, percent.</summary>
    [Range(0, 100)]
    public double MinBatteryPercent { get; set; } = 30;

    /// <summary>Default fraction of a wave's (not deferred) devices that must activate before the next wave starts.</summary>
    [Range(0.0, 1.0)]
    public double SuccessFraction { get; set; } = 0.9;

    /// <summary>Default fraction of started devices that may fail (or fault after activating) before the rollout aborts.</summary>
    [Range(0.0, 1.0)]
    public double MaxFailureFraction { get; set; } = 0.1;

    /// <summary>Default least time a wave gets before it counts as late.</summary>
    public TimeSpan WaveTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A wave also gets this many wake intervals of its slowest unfinished device, so sleeping is never "late".</summary>
    [Range(1, 1000)]
    public int WakesPerWave { get; set; } = 3;

    /// <summary>
    /// Least time without a chunk request before an offered transfer's slot is given to another device; a device
    /// also gets two of its own wake intervals.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Default least time a wave that passed its gate runs the new model before the next wave is offered (0 = none:
    /// the next wave starts at once, as before soak existed; a request asks for one).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan SoakTime { get; set; } = TimeSpan.Zero;

    /// <summary>Default soak in wake intervals of the wave's slowest activated device (0 = none).</summary>
    [Range(0, RolloutSoak.MaxSoakWakes)]
    public int SoakWakes { get; set; }

    /// <summary>
    /// Default factor of the detection-rate guard (0 = off; else above 1, up to 1000): an activated device whose
    /// detections drop to 1/f or rise to f times its own baseline, beyond chance, counts as faulted.
    /// </summary>
    public double DetectionShift { get; set; }

    /// <summary>How far back before a rollout's start a device's baseline detection rate is counted.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan DetectionBaseline { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Fewest baseline wakes for the guard to judge a device at all; fewer say too little about its rate.</summary>
    [Range(1, 1_000_000)]
    public int DetectionMinBaselineWakes { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A factor of 1 or below would call every device faulted (or none); Range cannot say "0 or above 1".
        if (!Rollouts.DetectionShift.IsValidFactor(DetectionShift))
        {
            yield return new ValidationResult(
                $"Rollouts:DetectionShift is 0 (off) or above 1 up to {Rollouts.DetectionShift.MaxFactor}.",
                [nameof(DetectionShift)]);
        }
    }
}
