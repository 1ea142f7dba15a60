// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>A rollout's states (docs/rollouts.md has the diagram).</summary>
public static class RolloutState
{
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Aborted = "aborted";

    public static bool IsTerminal(string state) => state is Completed or Aborted;
}
