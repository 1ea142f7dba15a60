// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>A rollout's whole state. Mutated only under the engine's lock; stored as one JSON document.</summary>
public sealed class Rollout
{
    public required string Id { get; init; }

    public required string ModelId { get; init; }

    public required uint ModelVersion { get; init; }

    /// <summary>The version offered to devices that took the new one if the rollout aborts; null = none stored.</summary>
    public uint? RollbackVersion { get; init; }

    public required RolloutPolicy Policy { get; init; }

    public string State { get; set; } = RolloutState.Running;

    /// <summary>Why it paused or aborted.</summary>
    public string? Reason { get; set; }

    public int WaveCount { get; init; }

    /// <summary>0-based index of the wave in progress.</summary>
    public int CurrentWave { get; set; }

    public DateTimeOffset? WaveStartedAt { get; set; }

    /// <summary>
    /// When the current wave's gate first held, while the wave soaks before the next one starts (null otherwise).
    /// Stored with the rollout, so a restarted gateway keeps the same soak end; older documents lack it (no soak).
    /// </summary>
    public DateTimeOffset? SoakStartedAt { get; set; }

    /// <summary>
    /// The window before <see cref="CreatedAt"/> the devices' detection baselines were counted over (the
    /// detection-rate guard); zero when the guard is off or the document predates it.
    /// </summary>
    public TimeSpan DetectionBaseline { get; init; }

    /// <summary>Fewest baseline wakes for the guard to judge a device, fixed at the start so a restart judges alike.</summary>
    public int DetectionMinBaselineWakes { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Most devices that held a transfer slot at once (the concurrency limit, observed).</summary>
    public int PeakConcurrentTransfers { get; set; }

    public required List<RolloutDevice> Devices { get; init; }
}
