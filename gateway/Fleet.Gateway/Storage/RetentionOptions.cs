// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Gateway.Storage;

/// <summary>
/// <c>Storage:Retention</c>: raw telemetry is rolled into hourly aggregates and then deleted; aggregates and
/// detections are deleted when they are older than their own limit. Ages are measured on the gateway's receive time.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Raw telemetry rows are kept this long (default 30 days), then rolled up by the hour.</summary>
    public TimeSpan RawTelemetry { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Hourly telemetry aggregates are kept this long (default 2 years).</summary>
    public TimeSpan HourlyTelemetry { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Detection events are kept this long (default 1 year).</summary>
    public TimeSpan Detections { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Time between two retention sweeps (default 1 hour); one also runs at start.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Every limit must be positive; aggregates must outlive the raw rows they summarise.</summary>
    public IEnumerable<ValidationResult> Validate()
    {
        // Less than an hour of raw telemetry would delete rows of the hour still being filled.
        if (RawTelemetry < TimeSpan.FromHours(1))
        {
            yield return Error(nameof(RawTelemetry), "at least 01:00:00");
        }

        if (HourlyTelemetry < RawTelemetry)
        {
            yield return Error(nameof(HourlyTelemetry), "at least Storage:Retention:RawTelemetry");
        }

        if (Detections <= TimeSpan.Zero)
        {
            yield return Error(nameof(Detections), "positive");
        }

        if (SweepInterval < TimeSpan.FromSeconds(1))
        {
            yield return Error(nameof(SweepInterval), "at least 00:00:01");
        }
    }

    private static ValidationResult Error(string key, string rule) =>
        new($"Storage:Retention:{key} must be {rule}.", [key]);
}
