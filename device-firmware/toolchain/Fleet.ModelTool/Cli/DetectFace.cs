// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// One face of <c>detect</c>: box [x, y, w, h]; with a model also the clipped CNN ROI, the smile score and the
/// label ("smile" / "no_smile"), or null score and label when the ROI fell outside the frame.
/// </summary>
public sealed record DetectFace(
    IReadOnlyList<int> Box,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Roi = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? Smile = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label = null);
