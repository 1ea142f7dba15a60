// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Evaluation;

/// <summary>
/// One leave-one-room-out fold of the hottest-pixel baseline: the threshold (hottest − ambient, centi-°C) chosen on the
/// other rooms, the training counts it was chosen on and the held-out room's counts.
/// </summary>
public sealed record BaselineFold(string HeldOutRoom, int ThresholdCc, PresenceCounts Training, PresenceCounts HeldOut);
