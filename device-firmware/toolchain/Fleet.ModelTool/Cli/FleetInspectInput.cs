// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// A Fleet model's input spec in <c>inspect</c> output: colour (gray/rgb), resize (nearest/bilinear), per-channel
/// mean, and the scheme's transform (q7: shifts; s8: scales, input scale, zero point; the other omitted).
/// </summary>
public sealed record FleetInspectInput(
    string Colour,
    string Resize,
    IReadOnlyList<int> Mean,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Q7Shift = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<float>? S8Scale = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? S8InputScale = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? S8InputZeroPoint = null);
