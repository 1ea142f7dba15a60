// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>One device's place in a rollout (docs/rollouts.md).</summary>
public static class RolloutDeviceStatus
{
    /// <summary>Its wave has not started.</summary>
    public const string Pending = "pending";

    /// <summary>Its wave started; waiting for a transfer slot.</summary>
    public const string Waiting = "waiting";

    /// <summary>
    /// Battery below the rollout's threshold (offered once it recovers), or the device answered code 9
    /// (DeferredLowBattery; offered again after that wake). Never a failure.
    /// </summary>
    public const string Deferred = "deferred";

    /// <summary>The retained offer is out; no chunk requested yet.</summary>
    public const string Offered = "offered";

    /// <summary>Chunks are being served.</summary>
    public const string Transferring = "transferring";

    public const string Activated = "activated";

    /// <summary>The device reported a failure (hash, signature, space, incompatible, self-test 7, rolled back 8 …).</summary>
    public const string Failed = "failed";

    /// <summary>The rollout was aborted before the device took the new model; its offer (if any) was withdrawn.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Took the new model; the previous one is to be offered again (abort).</summary>
    public const string RollbackWaiting = "rollback_waiting";

    public const string RollbackOffered = "rollback_offered";
    public const string RolledBack = "rolled_back";
    public const string RollbackFailed = "rollback_failed";

    /// <summary>
    /// The device was retired mid-rollout: taken out of it (its offer, if any, withdrawn). Neither a success nor a
    /// failure: it leaves the wave gate's and the failure threshold's counts.
    /// </summary>
    public const string Retired = "retired";

    /// <summary>Holds a transfer slot.</summary>
    public static bool HoldsSlot(string status) => status is Offered or Transferring or RollbackOffered;

    /// <summary>Nothing more will happen to it in this rollout.</summary>
    public static bool IsFinal(string status) =>
        status is Activated or Failed or Cancelled or RolledBack or RollbackFailed or Retired;
}
