// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Evaluation;

/// <summary>
/// Per dataset label: support (true count), predicted count, precision = tp / predicted and recall = tp /
/// support (null when the denominator is 0). Name is the output index's meaning when known, else the label.
/// </summary>
public sealed record ClassMetrics(int Label, int Support, int Predicted, int TruePositives, double? Precision, double? Recall);
