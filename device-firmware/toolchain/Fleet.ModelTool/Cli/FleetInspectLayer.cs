// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// One layer of a Fleet model in <c>inspect</c> output. Shapes are [h, w, c] (the format's order); kernel,
/// stride and pad are [h, w]; tensor_bytes = weights + bias + s8 multipliers and shifts as stored; q7 shifts are
/// bias_lshift/out_rshift; unused fields are omitted.
/// </summary>
public sealed record FleetInspectLayer(
    int Index,
    string Op,
    IReadOnlyList<int> InShape,
    IReadOnlyList<int> OutShape,
    long Macs,
    long TensorBytes,
    long ScratchBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Kernel = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Stride = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Pad = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ChMult = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? LShift = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RShift = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Rounding = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? FracBits = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? ZeroPoints = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Activation = null);
