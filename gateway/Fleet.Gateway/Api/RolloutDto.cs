// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>A rollout as <c>/api/rollouts</c> returns it.</summary>
/// <param name="State"><c>running</c>, <c>paused</c>, <c>completed</c> or <c>aborted</c>.</param>
/// <param name="Reason">Why it paused or aborted.</param>
/// <param name="CurrentWave">1-based wave in progress.</param>
/// <param name="Counts">Devices by status.</param>
/// <param name="ProgressPercent">Percent of its devices running the new model.</param>
/// <param name="SoakTime">The soak each passed wave (but the last) runs before the next is offered, as requested or defaulted.</param>
/// <param name="SoakWakes">The soak in wake intervals of the wave's slowest activated device.</param>
/// <param name="SoakingUntil">UTC end of the current wave's soak while it soaks (the clock runs on while paused), else null.</param>
/// <param name="DetectionShift">The detection-rate guard's factor, as requested or defaulted (0 = off).</param>
/// <param name="DetectionBaseline">The window before the start the devices' baselines were counted over (zero when off).</param>
public sealed record RolloutDto(
    string Id,
    string ModelId,
    uint ModelVersion,
    uint? RollbackVersion,
    string State,
    string? Reason,
    int CurrentWave,
    int WaveCount,
    IReadOnlyDictionary<string, int> Counts,
    double ProgressPercent,
    int PeakConcurrentTransfers,
    Rollouts.RolloutPolicy Policy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<RolloutDeviceDto> Devices,
    TimeSpan SoakTime,
    int SoakWakes,
    DateTime? SoakingUntil,
    double DetectionShift,
    TimeSpan DetectionBaseline);

/// <summary>One device of a rollout.</summary>
/// <param name="Wave">1-based.</param>
/// <param name="Offset">Bytes of the current offer served so far (where a resumed transfer continues).</param>
/// <param name="DeviceDeferrals">Offers the device refused with code 9 (low battery; not failures).</param>
/// <param name="OffersRepeated">Times its offer was published again after wakes without a chunk request.</param>
/// <param name="WakesBefore">Wakes over the baseline window (detection-rate guard); null when the guard is off.</param>
/// <param name="DetectionsBefore">Detections with a box of the rollout's model over the same window; null when off.</param>
/// <param name="WakesAfter">Wakes begun after activating the new model (counted while the guard is on).</param>
/// <param name="DetectionsAfter">Detections with a box from the new version in those wakes.</param>
/// <param name="Faulted">Activated and faulted (counts towards the failure threshold, not towards the wave gate).</param>
/// <param name="FaultReason">Which fault rule fired, with its figures (watchdog or detection drop / rise); null when none. Kept after a rollback.</param>
public sealed record RolloutDeviceDto(
    string DeviceId,
    int Wave,
    string Status,
    uint? DesiredVersion,
    uint OfferId,
    long Offset,
    long BytesServed,
    int? ResultCode,
    double? SocPercent,
    uint WakeIntervalS,
    string? Note,
    int DeviceDeferrals = 0,
    int OffersRepeated = 0,
    int? WakesBefore = null,
    int? DetectionsBefore = null,
    int WakesAfter = 0,
    int DetectionsAfter = 0,
    bool Faulted = false,
    string? FaultReason = null);
