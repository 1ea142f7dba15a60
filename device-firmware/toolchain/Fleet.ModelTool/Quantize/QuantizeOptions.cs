// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Import;

namespace Fleet.ModelTool.Quantize;

/// <summary>Everything <c>quantize</c> takes; null mean/scale = what the model file states, else 0 / 1.</summary>
public sealed record QuantizeOptions(
    string ModelPath,
    string? WeightsPath,
    TensorShape? Input,
    string CalibrationImages,
    string? CalibrationLabels,
    int CalibrationCount,
    IReadOnlyList<int>? Mean,
    float? Scale,
    string Scheme,
    string OutPath,
    IReadOnlyList<int>? ClassLabels,
    IReadOnlyList<string>? ClassNames,
    string ModelId,
    uint ModelVersion,
    string? EvalImages,
    string? EvalLabels,
    int? EvalLimit);
