namespace Fleet.Contracts.Messages;

/// <summary>Type 4, <c>down/config</c> (retained): what the gateway wants the device to run.</summary>
public sealed record DesiredConfig(string DeviceId, DeviceConfig Config) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.DesiredConfig;
}
