// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>An accepted model as <c>/api/models</c> returns it.</summary>
/// <param name="Scheme"><c>q7</c> or <c>s8</c>.</param>
/// <param name="Sha256">SHA-256 of the artifact, lowercase hex.</param>
/// <param name="KeyId">The trusted key that signed it.</param>
/// <param name="InstructionsPerInference">Cortex-M7 instructions of one inference from the upload's report; null =
/// not measured (uploaded without a report). The figures below are null likewise.</param>
/// <param name="InstructionsSource">Where the count came from (e.g. <c>qemu-mps2-an500</c>).</param>
/// <param name="Accuracy">Accuracy 0..1 on <paramref name="AccuracyDataset"/>; null = not measured.</param>
/// <param name="AccuracySamples">Samples in that dataset.</param>
/// <param name="ReportTool">The tool that measured the figures.</param>
public sealed record ModelDto(
    string ModelId,
    uint ModelVersion,
    string Scheme,
    long SizeBytes,
    uint ArenaBytes,
    uint FlashBytes,
    string Sha256,
    string KeyId,
    DateTime UploadedAt,
    long? InstructionsPerInference = null,
    string? InstructionsSource = null,
    double? Accuracy = null,
    string? AccuracyDataset = null,
    int? AccuracySamples = null,
    string? ReportTool = null);
