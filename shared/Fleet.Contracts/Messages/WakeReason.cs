namespace Fleet.Contracts.Messages;

/// <summary>Why the device woke (type 3 key 7).</summary>
public enum WakeReason : byte { None = 0, Timer = 1, Interrupt = 2, PowerOn = 3, Watchdog = 4 }
