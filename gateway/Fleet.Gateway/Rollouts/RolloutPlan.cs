// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>A planned rollout, or why the request cannot become one (field → messages; <paramref name="Status"/> the HTTP status).</summary>
public sealed record RolloutPlan(Rollout? Rollout, Dictionary<string, string[]> Errors, int Status);
