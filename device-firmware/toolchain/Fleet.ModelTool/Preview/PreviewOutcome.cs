// SPDX-License-Identifier: MIT
using Fleet.Sim.Preview;

namespace Fleet.ModelTool.Preview;

/// <summary>Everything <c>fleet-model preview</c> found.</summary>
/// <param name="Candidate">The candidate model.</param>
/// <param name="Current">The current model, or null when none was given.</param>
/// <param name="Energy">The simulator's preview (per-model figures and per-configuration lives).</param>
/// <param name="CandidateReport">The candidate's measured figures in the shape publish sends.</param>
public sealed record PreviewOutcome(PreviewModel Candidate, PreviewModel? Current, ModelPreviewResult Energy, ModelReport CandidateReport);
