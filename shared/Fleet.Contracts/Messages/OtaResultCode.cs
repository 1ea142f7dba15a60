namespace Fleet.Contracts.Messages;

/// <summary>Outcome of an OTA transfer (type 9 key 4).</summary>
public enum OtaResultCode : byte
{
    Activated = 0, HashMismatch = 1, BadSignature = 2, NoSpace = 3, Aborted = 4, Incompatible = 5, TimedOut = 6,
    /// <summary>The new model failed its self-test on the stored input; the previous slot stays active.</summary>
    SelfTestFailed = 7,
    /// <summary>The new model activated but faulted repeatedly; the device fell back to the previous slot.</summary>
    RolledBack = 8,
    /// <summary>
    /// The device refused the offer because its cell was below the battery threshold: nothing was transferred or
    /// changed, and the offer may be retried later. Not a failed transfer.
    /// </summary>
    DeferredLowBattery = 9,
}
