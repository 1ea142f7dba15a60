namespace Fleet.Contracts.Messages;

/// <summary>Type 5, <c>up/config</c> (retained): what the device applied, and whether it could.</summary>
public sealed record ReportedConfig(string DeviceId, DeviceConfig Config, ConfigApplyResult ApplyResult)
    : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.ReportedConfig;
}
