namespace Fleet.Contracts.Messages;

/// <summary>Type 3, <c>up/status</c> (retained): birth, graceful sleep, or the last will.</summary>
public sealed record StatusMessage(
    string DeviceId,
    uint Sequence,
    ulong DeviceTimeMs,
    DeviceState State,
    string FirmwareVersion,
    WakeReason WakeReason,
    uint NextWakeS) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.Status;
}
