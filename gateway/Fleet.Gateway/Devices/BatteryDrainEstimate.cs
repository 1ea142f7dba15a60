// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>A drain rate fitted over the current battery's recent telemetry.</summary>
/// <param name="DrainPercentPerDay">State of charge lost per day, percent; negative while charging.</param>
/// <param name="ProjectedEmptyAt">When the fitted line reaches 0 %; null unless the battery drains.</param>
/// <param name="FittedSocPercent">The fit's state of charge at the latest sample, percent.</param>
/// <param name="Samples">Samples the fit used (after dropping outliers).</param>
/// <param name="Since">The first sample of the fit (after the last battery swap or charge in the window).</param>
public sealed record BatteryDrainEstimate(
    double DrainPercentPerDay,
    DateTimeOffset? ProjectedEmptyAt,
    double FittedSocPercent,
    int Samples,
    DateTimeOffset Since);
