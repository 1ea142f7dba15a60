// SPDX-License-Identifier: MIT
using Fleet.ModelTool.Formats;

namespace Fleet.ModelTool.Quantize;

/// <summary>
/// A quantizer's result: the seed's .network bytes (q7) or a Fleet v1 spec (s8, no self-test yet), the per-layer
/// report, what the search tried (q7: candidates evaluated), and the real value of an output code:
/// (q − OutputZeroPoint) · OutputScale (the Fleet format v1 does not store it).
/// </summary>
public sealed record QuantizedModel(
    string Scheme,
    byte[]? Network,
    FleetModelSpec? Fleet,
    IReadOnlyList<LayerReport> Layers,
    int CandidatesTried,
    IReadOnlyList<string> Notes,
    double OutputScale,
    int OutputZeroPoint);
