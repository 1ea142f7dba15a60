// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>The gates and limits of one rollout (request values over <see cref="RolloutOptions"/> defaults).</summary>
public sealed record RolloutPolicy(
    double MinBatteryPercent,
    int MaxConcurrentTransfers,
    double SuccessFraction,
    double MaxFailureFraction,
    TimeSpan WaveTimeout,
    int WakesPerWave);
