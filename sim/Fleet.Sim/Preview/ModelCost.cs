// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Preview;

/// <summary>
/// What a model costs on the device and how well it does: the measured input of a preview. Instructions are
/// Cortex-M7 instructions for one inference (preprocessing and scores included, as the firmware runs it), counted
/// under QEMU by <c>fleet-model</c>'s instruction counter; arena and flash come from the model file.
/// </summary>
/// <param name="Label">Name shown in tables and plots (file name, version).</param>
/// <param name="InstructionsPerInference">Executed M7 instructions for one inference (&gt; 0).</param>
/// <param name="ArenaBytes">RAM arena the model needs.</param>
/// <param name="FlashBytes">Flash the model file takes.</param>
/// <param name="Accuracy">Share correct on <paramref name="AccuracyDataset"/> (0..1), or null when not measured.</param>
/// <param name="AccuracyDataset">Name of the dataset the accuracy was measured on, or null.</param>
public sealed record ModelCost(
    string Label, long InstructionsPerInference, uint ArenaBytes, uint FlashBytes, double? Accuracy, string? AccuracyDataset);
