// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Evaluation;

/// <summary>The single-threshold baseline: present when hottest pixel minus the sensor's ambient reading exceeds ThresholdCc (tuned on all data for F1).</summary>
public sealed record BaselineResult(int ThresholdCc, PresenceCounts Counts);
