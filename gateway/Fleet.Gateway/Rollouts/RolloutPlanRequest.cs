// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>What to roll out, to whom, in which waves, under which gates (the API's body; docs/rollouts.md).</summary>
/// <param name="Target">Who gets it, unless the waves name their devices.</param>
/// <param name="Waves">Cumulative percentages of the target (the last 100) or explicit cohorts; default one wave of 100 %.</param>
/// <param name="RollbackVersion">The version to offer again on abort; default the highest stored version below the new one.</param>
/// <param name="SoakTime">How long a passed wave runs the new model before the next is offered (0 to 7 days).</param>
/// <param name="SoakWakes">Soak at least this many wake intervals of the wave's slowest activated device (0 to 100).</param>
/// <param name="DetectionShift">
/// Detection-rate guard factor: 0 (off) or above 1 up to 1000; an activated device whose detection rate drops to 1/f or
/// rises to f times its own baseline (beyond chance) counts as faulted.
/// </param>
public sealed record RolloutPlanRequest(
    string? ModelId,
    uint? ModelVersion,
    RolloutTarget? Target = null,
    IReadOnlyList<RolloutWave>? Waves = null,
    double? MinBatteryPercent = null,
    int? MaxConcurrentTransfers = null,
    double? SuccessFraction = null,
    double? MaxFailureFraction = null,
    TimeSpan? WaveTimeout = null,
    int? WakesPerWave = null,
    uint? RollbackVersion = null,
    TimeSpan? SoakTime = null,
    int? SoakWakes = null,
    double? DetectionShift = null);

/// <summary>
/// Exactly one of: every device, a list, the devices whose id starts with <paramref name="DeviceIdPrefix"/>, or the
/// devices carrying <paramref name="Label"/> (resolved once, when the rollout is created).
/// </summary>
public sealed record RolloutTarget(
    bool? All = null, IReadOnlyList<string>? Devices = null, string? DeviceIdPrefix = null, string? Label = null);

/// <summary>Either a cumulative percentage of the target or an explicit cohort of device ids.</summary>
public sealed record RolloutWave(double? Percent = null, IReadOnlyList<string>? Devices = null);
