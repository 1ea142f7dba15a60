// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>
/// <c>GET /api/models/{id}/{version}/preview</c>: what the candidate costs per inference and how the battery life of
/// each fleet group changes against the compared version (docs/rollouts.md, "Preview").
/// </summary>
/// <param name="AgainstVersion">The version compared against; null = each group's configured CNN figure (the
/// simulator's measured seed smile CNN), because no device runs another stored version of this model.</param>
/// <param name="Scope">Which devices the groups cover, in words.</param>
/// <param name="UnconfiguredDevices">Devices in scope left out: no reported or desired config gives their workload.</param>
/// <param name="BoardProfile">Board profile file the figures are priced on.</param>
/// <param name="RadioProfile">Radio profile file every group uses.</param>
/// <param name="Cpi">Cycles per instruction assumed by the simulator (docs/simulator.md).</param>
/// <param name="Groups">One row per fleet group (detector and wake interval).</param>
public sealed record ModelPreviewDto(
    string ModelId,
    uint ModelVersion,
    uint? AgainstVersion,
    string Scope,
    int UnconfiguredDevices,
    string BoardProfile,
    string? RadioProfile,
    double ClockMhz,
    double Cpi,
    ModelPreviewCostDto Candidate,
    ModelPreviewCostDto? Current,
    IReadOnlyList<ModelPreviewGroupDto> Groups);

/// <summary>One model's measured figures and their price on the preview's board.</summary>
/// <param name="Accuracy">0..1, null = not measured.</param>
public sealed record ModelPreviewCostDto(
    string Label,
    long InstructionsPerInference,
    double MillisecondsPerInference,
    double MillijoulesPerInference,
    double? Accuracy,
    string? AccuracyDataset);

/// <summary>One fleet group: nominal battery life with the compared and with the candidate model.</summary>
/// <param name="InferencesPerDay">Inferences per device and day (one per wake).</param>
/// <param name="DifferenceDays">Candidate − current, days; negative = the candidate shortens the life.</param>
/// <param name="CurrentEndReason"><c>cutoff</c>, <c>cold</c> or <c>horizon</c> (life longer than the simulated span).</param>
public sealed record ModelPreviewGroupDto(
    string Name,
    int Devices,
    double InferencesPerDay,
    long CurrentInstructions,
    double CurrentLifeDays,
    string CurrentEndReason,
    double CandidateLifeDays,
    string CandidateEndReason,
    double DifferenceDays,
    double DifferencePct,
    double CurrentCnnMjPerDay,
    double CandidateCnnMjPerDay);
