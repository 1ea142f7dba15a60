// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Quantize;

/// <summary>
/// <c>quantize</c> output: what was imported (parameters, MACs), how it was calibrated, the per-layer report,
/// the written file's figures, and accuracy on the labelled evaluation set: float (C#, same preprocessing) and
/// quantized (the written file on the C engine through the eval path; a .network in corrected and camera mode).
/// </summary>
public sealed record QuantizeResult(
    string Model,
    string Source,
    string Scheme,
    string Output,
    string Format,
    long Parameters,
    long Macs,
    string Input,
    IReadOnlyList<int> Mean,
    float Scale,
    int CalibrationImages,
    int CandidatesTried,
    double QuantizeSeconds,
    IReadOnlyList<LayerReport> Layers,
    long FileBytes,
    long? ArenaBytes,
    long? FlashBytes,
    string? Sha256,
    int EvalImages,
    double? FloatAccuracy,
    double? QuantizedAccuracy,
    double? QuantizedCameraAccuracy,
    double EvalSeconds,
    IReadOnlyList<string> Notes);
