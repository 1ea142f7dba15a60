// SPDX-License-Identifier: MIT
using Fleet.Sim.Preview;

namespace Fleet.ModelTool.Preview;

/// <summary>What <c>fleet-model preview</c> was asked.</summary>
/// <param name="Model">The candidate model file (FLMD or .network).</param>
/// <param name="Against">The model the fleet runs now, or null (each configuration keeps its own CNN figure).</param>
/// <param name="Profiles">Board and optional radio power profiles.</param>
/// <param name="Configurations">Fleet configurations to project.</param>
/// <param name="Images">IDX images (or float32 tensors) for the accuracy, or null.</param>
/// <param name="Labels">IDX labels, with <paramref name="Images"/>.</param>
/// <param name="DatasetName">Name reported with the accuracy (default: the images file's name).</param>
/// <param name="ClassLabels">Dataset label of each output index of the candidate, or null for 0, 1, 2, ….</param>
/// <param name="AgainstClassLabels">The same for the current model (default: the candidate's).</param>
/// <param name="Limit">Evaluate only the first N samples, or null.</param>
public sealed record PreviewRequest(
    string Model,
    string? Against,
    PreviewProfiles Profiles,
    IReadOnlyList<FleetConfiguration> Configurations,
    string? Images = null,
    string? Labels = null,
    string? DatasetName = null,
    IReadOnlyList<int>? ClassLabels = null,
    IReadOnlyList<int>? AgainstClassLabels = null,
    int? Limit = null);
