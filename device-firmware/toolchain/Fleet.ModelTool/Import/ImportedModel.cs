// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Import;

/// <summary>
/// An imported float model: the graph, plus the preprocessing the file itself states where it does (Caffe's
/// TEST-phase <c>transform_param { scale, mean_value }</c>); the user's --mean/--scale win over these.
/// </summary>
public sealed record ImportedModel(FloatGraph Graph, float? Scale, IReadOnlyList<float>? Mean);
