// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Models;

/// <summary>
/// The figures <c>fleet-model publish --report</c> measured for a model (docs/model-toolchain.md): the uploader's
/// claim, stored beside the signed artifact. The signature covers the artifact only, so these are shown as
/// measured by the named tool, never used to decide what a device runs.
/// </summary>
/// <param name="InstructionsPerInference">Cortex-M7 instructions executed by one inference.</param>
/// <param name="InstructionsSource">Where that count came from, e.g. <c>qemu-mps2-an500</c>.</param>
/// <param name="Accuracy">Top-1 accuracy 0..1 on <paramref name="AccuracyDataset"/>; null when not measured.</param>
/// <param name="AccuracyDataset">Name of the dataset the accuracy was measured on.</param>
/// <param name="AccuracySamples">How many samples that dataset had.</param>
/// <param name="Tool">The tool and version that measured it.</param>
public sealed record ModelReport(
    long InstructionsPerInference,
    string InstructionsSource,
    double? Accuracy,
    string? AccuracyDataset,
    int? AccuracySamples,
    string Tool);
