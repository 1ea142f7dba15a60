// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Quantize;

/// <summary>
/// One line of the quantization report: the float output range seen in calibration, the chosen format (q7:
/// Qm.n of the output, weights and bias, and the shifts; int8: output scale and zero point, weight scales), and
/// the error vs float of that layer's output with every layer before it quantized too (RMS error / RMS of the
/// float output, in percent).
/// </summary>
public sealed record LayerReport(
    int Index,
    string Name,
    string Op,
    string Shape,
    float Min,
    float Max,
    string Format,
    double ErrorPercent);
