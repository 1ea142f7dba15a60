namespace Fleet.Contracts.Messages;

/// <summary>Device connection state carried by status messages (type 3 key 5).</summary>
public enum DeviceState : byte { Offline = 0, Online = 1, Sleeping = 2 }
