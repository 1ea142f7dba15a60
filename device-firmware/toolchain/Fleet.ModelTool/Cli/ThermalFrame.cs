// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;

namespace Fleet.ModelTool.Cli;

/// <summary>One frame of <c>thermal</c>: the detector's count and presence; Truth is the synthetic scene's own count.</summary>
public sealed record ThermalFrame(
    int Frame,
    int Count,
    bool Present,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Truth = null);
