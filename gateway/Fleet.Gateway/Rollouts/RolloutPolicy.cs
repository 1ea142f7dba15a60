// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>The gates and limits of one rollout (request values over <see cref="RolloutOptions"/> defaults).</summary>
/// <param name="SoakTime">Least time a passed wave runs the new model before the next wave is offered.</param>
/// <param name="SoakWakes">A passed wave also soaks this many wake intervals of its slowest activated device.</param>
/// <remarks>
/// A document stored before soak existed lacks the soak fields; System.Text.Json then passes their defaults (zero:
/// no soak). No default values in the signature: the OpenAPI schema exporter cannot write a <see cref="TimeSpan"/>
/// default and fails the whole document.
/// </remarks>
public sealed record RolloutPolicy(
    double MinBatteryPercent,
    int MaxConcurrentTransfers,
    double SuccessFraction,
    double MaxFailureFraction,
    TimeSpan WaveTimeout,
    int WakesPerWave,
    TimeSpan SoakTime,
    int SoakWakes);
