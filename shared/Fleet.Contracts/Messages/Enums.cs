namespace Fleet.Contracts.Messages;

/// <summary>Which detector produced a detection (docs/protocol.md, type 1 key 5).</summary>
public enum DetectorKind : byte { Face = 0, Smile = 1, ThermalPerson = 2, Classifier = 3 }

/// <summary>Device connection state carried by status messages (type 3 key 5).</summary>
public enum DeviceState : byte { Offline = 0, Online = 1, Sleeping = 2 }

/// <summary>Why the device woke (type 3 key 7).</summary>
public enum WakeReason : byte { None = 0, Timer = 1, Interrupt = 2, PowerOn = 3, Watchdog = 4 }

/// <summary>Outcome of applying a desired config (type 5 key 11).</summary>
public enum ConfigApplyResult : byte { Applied = 0, RejectedInvalid = 1, RejectedModelMissing = 2 }

/// <summary>Outcome of an OTA transfer (type 9 key 4).</summary>
public enum OtaResultCode : byte
{
    Activated = 0, HashMismatch = 1, BadSignature = 2, NoSpace = 3, Aborted = 4, Incompatible = 5, TimedOut = 6,
}
