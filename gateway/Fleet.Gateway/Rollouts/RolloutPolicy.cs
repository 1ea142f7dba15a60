// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>The gates and limits of one rollout (request values over <see cref="RolloutOptions"/> defaults).</summary>
/// <param name="SoakTime">Least time a passed wave runs the new model before the next wave is offered.</param>
/// <param name="SoakWakes">A passed wave also soaks this many wake intervals of its slowest activated device.</param>
/// <remarks>The soak fields default to none, so documents stored before soak existed load unchanged.</remarks>
public sealed record RolloutPolicy(
    double MinBatteryPercent,
    int MaxConcurrentTransfers,
    double SuccessFraction,
    double MaxFailureFraction,
    TimeSpan WaveTimeout,
    int WakesPerWave,
    TimeSpan SoakTime = default,
    int SoakWakes = 0);
