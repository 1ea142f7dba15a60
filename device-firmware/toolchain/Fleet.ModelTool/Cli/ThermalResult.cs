// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>thermal</c> output: the source ("csv" with the file, or "synthetic" with the spec), the sensor size, the
/// packet-error rows skipped (csv), the summary and every frame.
/// </summary>
public sealed record ThermalResult(
    string Source,
    string Input,
    int Width,
    int Height,
    ThermalSummary Summary,
    IReadOnlyList<ThermalFrame> Frames,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SkippedPacketErrors = null);
