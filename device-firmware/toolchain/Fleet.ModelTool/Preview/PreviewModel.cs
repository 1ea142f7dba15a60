// SPDX-License-Identifier: MIT
using Fleet.Sim.Preview;

namespace Fleet.ModelTool.Preview;

/// <summary>One model of a preview: its file, what the counter measured, its accuracy, and the cost figures.</summary>
/// <param name="File">The model file.</param>
/// <param name="Count">Executed M7 instructions (QEMU).</param>
/// <param name="Accuracy">Share correct on the dataset, or null.</param>
/// <param name="AccuracySamples">Samples evaluated, or null.</param>
/// <param name="Figures">Time and energy per inference on the board.</param>
public sealed record PreviewModel(string File, M7Count Count, double? Accuracy, int? AccuracySamples, ModelFigures Figures);
