// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>thermal</c> summary: frames run, share of frames with presence, mean count; for synthetic input also the
/// exact-count accuracy and the mean absolute count error against the generator's truth.
/// </summary>
public sealed record ThermalSummary(
    int Frames,
    double PresenceRatio,
    double MeanCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ExactCountAccuracy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CountMae = null);
