// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>The gates and limits of one rollout (request values over <see cref="RolloutOptions"/> defaults).</summary>
/// <param name="SoakTime">Least time a passed wave runs the new model before the next wave is offered.</param>
/// <param name="SoakWakes">A passed wave also soaks this many wake intervals of its slowest activated device.</param>
/// <param name="DetectionShift">
/// Factor f of the detection-rate guard (<see cref="Rollouts.DetectionShift"/>): an activated device whose detections
/// fall to 1/f or rise to f times its baseline, beyond chance, counts as faulted; 0 = off.
/// </param>
/// <remarks>
/// A document stored before soak (or the guard) existed lacks those fields; System.Text.Json then passes their
/// defaults (zero: no soak, guard off). No default values in the signature: the OpenAPI schema exporter cannot write a <see cref="TimeSpan"/>
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
    int SoakWakes,
    double DetectionShift);
