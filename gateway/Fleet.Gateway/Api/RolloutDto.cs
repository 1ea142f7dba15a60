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
    DateTime? SoakingUntil);

/// <summary>One device of a rollout.</summary>
/// <param name="Wave">1-based.</param>
/// <param name="Offset">Bytes of the current offer served so far (where a resumed transfer continues).</param>
/// <param name="DeviceDeferrals">Offers the device refused with code 9 (low battery; not failures).</param>
/// <param name="OffersRepeated">Times its offer was published again after wakes without a chunk request.</param>
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
    int OffersRepeated = 0);
