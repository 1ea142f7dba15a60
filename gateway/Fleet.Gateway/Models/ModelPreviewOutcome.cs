// SPDX-License-Identifier: MIT
using Fleet.Sim.Preview;

namespace Fleet.Gateway.Models;

/// <summary>A preview, or why there is none (an HTTP status and a sentence).</summary>
/// <param name="Scope">Which devices the groups cover, in words.</param>
/// <param name="Against">The version compared against; null when the configurations' own CNN figure was used.</param>
/// <param name="Unconfigured">Devices left out because neither a reported nor a desired config gives their workload.</param>
public sealed record ModelPreviewOutcome(
    ModelPreviewResult? Result,
    ModelRecord? Candidate,
    ModelRecord? Against,
    string Scope,
    int Unconfigured,
    int Status,
    string? Title,
    string? Detail)
{
    public static ModelPreviewOutcome Fail(int status, string title, string detail) =>
        new(null, null, null, "", 0, status, title, detail);
}
