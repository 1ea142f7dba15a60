// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>The latest detection of a device.</summary>
/// <param name="Time">When the gateway received it (UTC); the gateway's clock, since device clocks drift.</param>
/// <param name="Detector"><c>face</c>, <c>smile</c>, <c>thermalPerson</c> or <c>classifier</c>.</param>
/// <param name="Boxes">Number of boxes.</param>
/// <param name="TopLabel">Label of the highest-scoring box; null without boxes.</param>
/// <param name="TopScore">Its score, 0–1; null without boxes.</param>
public sealed record DetectionSummaryDto(DateTime Time, string Detector, int Boxes, string? TopLabel, double? TopScore);
