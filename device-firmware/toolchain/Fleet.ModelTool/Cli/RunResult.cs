// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>run</c> output: the raw int8 output vector (after arm_softmax_q7 in camera mode with --softmax) and the
/// float scores (camera: (q+128)/255; corrected: q/128 or a base-2 softmax); top = index of the first maximum.
/// Roi is [x, y, w, h] as given, or null for the whole image. A Fleet model runs in corrected mode and names
/// its top output (top_label); a .network has no labels (top_label omitted).
/// </summary>
public sealed record RunResult(
    string Model,
    string Image,
    string Mode,
    bool Softmax,
    IReadOnlyList<int>? Roi,
    IReadOnlyList<int> Output,
    IReadOnlyList<float> Scores,
    int Top,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TopLabel = null);
