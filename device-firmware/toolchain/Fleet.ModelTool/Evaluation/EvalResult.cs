// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Evaluation;

/// <summary>
/// <c>eval</c> output. Labels are dataset labels in matrix order; confusion[i][j] = images of true label
/// labels[i] predicted as labels[j]; class_labels maps each output index to its dataset label.
/// </summary>
public sealed record EvalResult(
    string Model,
    string Mode,
    int N,
    int Correct,
    double Accuracy,
    IReadOnlyList<int> ClassLabels,
    IReadOnlyList<int> Labels,
    IReadOnlyList<IReadOnlyList<int>> Confusion,
    IReadOnlyList<ClassMetrics> PerClass,
    double Seconds);
