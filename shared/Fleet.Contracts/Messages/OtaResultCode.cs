namespace Fleet.Contracts.Messages;

/// <summary>Outcome of an OTA transfer (type 9 key 4).</summary>
public enum OtaResultCode : byte
{
    Activated = 0, HashMismatch = 1, BadSignature = 2, NoSpace = 3, Aborted = 4, Incompatible = 5, TimedOut = 6,
}
