// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>detect</c> output. Boxes are [x, y, w, h] in the detector's order. With --model: Smile holds one score per
/// box (null where not classified), Labels the matching "smile" / "no_smile", and Faces the details; without a
/// model those three are omitted. Detected counts every face Haar found (the pipeline reports at most 16).
/// </summary>
public sealed record DetectResult(
    string Image,
    string Cascade,
    string Mode,
    int Stages,
    float ScaleFactor,
    float Threshold,
    int MinNeighbors,
    IReadOnlyList<IReadOnlyList<int>> Boxes,
    int Detected,
    long RawWindows,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NetMode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? SmileThreshold = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<float?>? Smile = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string?>? Labels = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DetectFace>? Faces = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Annotated = null);
