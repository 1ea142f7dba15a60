// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>One device's progress in a rollout. Mutated only under the engine's lock; persisted as JSON.</summary>
public sealed class RolloutDevice
{
    public required string DeviceId { get; init; }

    /// <summary>0-based wave index.</summary>
    public int Wave { get; init; }

    public string Status { get; set; } = RolloutDeviceStatus.Pending;

    /// <summary>The model version this rollout wants on the device now (the new one, or the previous after an abort).</summary>
    public uint? DesiredVersion { get; set; }

    /// <summary>The current offer's id (0 = none).</summary>
    public uint OfferId { get; set; }

    /// <summary>The version the current offer carries.</summary>
    public uint OfferedVersion { get; set; }

    /// <summary>End of the furthest chunk served for the current offer: where a resumed transfer continues.</summary>
    public long Offset { get; set; }

    public long BytesServed { get; set; }

    public int ChunksServed { get; set; }

    public DateTimeOffset? OfferedAt { get; set; }

    public DateTimeOffset? LastActivityAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The OTA result code the device reported last (docs/protocol.md type 9).</summary>
    public int? ResultCode { get; set; }

    public double? SocPercent { get; set; }

    /// <summary>
    /// When the device answered code 9 (deferred, low battery) and may still be awake; <see cref="DateTimeOffset.MinValue"/>
    /// once a later status showed that wake over (offer again); null when no device deferral is pending.
    /// </summary>
    public DateTimeOffset? DeviceDeferredAt { get; set; }

    /// <summary>How many offers the device deferred with code 9 (not failures).</summary>
    public int DeviceDeferrals { get; set; }

    /// <summary>Wakes (online statuses) the device began since its current offer without asking for a chunk.</summary>
    public int WakesSinceOffer { get; set; }

    /// <summary>How many times an offer was published again because the device woke without fetching it.</summary>
    public int OffersRepeated { get; set; }

    /// <summary>Planned sleep of its latest status, seconds (0 = unknown).</summary>
    public uint WakeIntervalS { get; set; }

    /// <summary>Watchdog wakes reported between the rollout's start and activation.</summary>
    public int WatchdogBefore { get; set; }

    /// <summary>Watchdog wakes reported after activating the new model.</summary>
    public int WatchdogAfter { get; set; }

    /// <summary>Online statuses (wakes) stored over the rollout's baseline window before it started; null = not counted (guard off).</summary>
    public int? WakesBefore { get; set; }

    /// <summary>Detection events with a box, of the rollout's model id, over the same window; null = not counted.</summary>
    public int? DetectionsBefore { get; set; }

    /// <summary>Wakes (online statuses) begun after activating the new model.</summary>
    public int WakesAfter { get; set; }

    /// <summary>Detection events with a box from the new version in those wakes.</summary>
    public int DetectionsAfter { get; set; }

    /// <summary>
    /// The detection-rate guard's verdict once it found a shift (kept: a device that faulted does not un-fault when
    /// its rate recovers, as a watchdog wake is not taken back); null while none.
    /// </summary>
    public string? DetectionFault { get; set; }

    /// <summary>Why the device is where it is, for operators (e.g. "soc 12 % < 30 %").</summary>
    public string? Note { get; set; }

    /// <summary>
    /// Activated, then faulted: a watchdog wake more than before activation, or a detection-rate shift. One notion
    /// with two causes: both count alike towards the failure threshold and against the wave gate.
    /// </summary>
    public bool Faulted => Status == RolloutDeviceStatus.Activated && FaultReason is not null;

    /// <summary>Which fault rule(s) fired, with the figures; null when none did. Kept after a rollback.</summary>
    public string? FaultReason
    {
        get
        {
            var watchdog = WatchdogAfter > WatchdogBefore
                ? $"watchdog: {WatchdogAfter} watchdog wakes after activation, {WatchdogBefore} before"
                : null;
            return (watchdog, DetectionFault) switch
            {
                (null, null) => null,
                ({ } w, null) => w,
                (null, { } d) => d,
                ({ } w, { } d) => w + "; " + d,
            };
        }
    }
}
