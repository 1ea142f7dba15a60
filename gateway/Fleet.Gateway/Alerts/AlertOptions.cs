// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Gateway.Alerts;

/// <summary>Alert thresholds and how often they are evaluated.</summary>
/// <remarks>
/// <code>
/// "Alerts": { "EvaluationInterval": "00:01:00", "LowBatteryPercent": 20, "BatteryHysteresisPercent": 2,
///             "EmptyWithin": "14.00:00:00", "MinChangeInterval": "00:00:00.500" }
/// </code>
/// Offline is judged by <c>FleetState</c> (missed wakes), not here.
/// </remarks>
public sealed class AlertOptions : IValidatableObject
{
    public const string SectionName = "Alerts";

    /// <summary>
    /// Period of the sweep. Ingest changes trigger an evaluation too, but a device that stops talking changes
    /// nothing, so only the sweep notices it went offline. Default one minute.
    /// </summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>State of charge below which <see cref="AlertKind.LowBattery"/> is raised, percent. Default 20.</summary>
    [Range(0.0, 100.0)]
    public double LowBatteryPercent { get; set; } = 20;

    /// <summary>
    /// The charge must rise this far above <see cref="LowBatteryPercent"/> to clear the alert, so a gauge that
    /// wobbles around the threshold does not raise and clear it on every wake. Default 2.
    /// </summary>
    [Range(0.0, 100.0)]
    public double BatteryHysteresisPercent { get; set; } = 2;

    /// <summary><see cref="AlertKind.BatteryEmptySoon"/> when the projected empty date is closer than this. Default 14 days.</summary>
    public TimeSpan EmptyWithin { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Least time between two evaluations triggered by ingest (bursts are coalesced). Default 0.5 s.</summary>
    public TimeSpan MinChangeInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EvaluationInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("must be at least one second", [nameof(EvaluationInterval)]);
        }

        if (EmptyWithin <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be positive", [nameof(EmptyWithin)]);
        }

        if (MinChangeInterval < TimeSpan.Zero || MinChangeInterval > EvaluationInterval)
        {
            yield return new ValidationResult("must be between zero and EvaluationInterval", [nameof(MinChangeInterval)]);
        }
    }
}
