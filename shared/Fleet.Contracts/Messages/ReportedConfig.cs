namespace Fleet.Contracts.Messages;

/// <summary>Type 5, <c>up/config</c> (retained): what the device applied, and whether it could.</summary>
/// <remarks>
/// <see cref="RejectReason"/> is the optional key 12: the device's reason for a rejection (0–63 printable ASCII);
/// null when the device gave none, and always null when <see cref="ApplyResult"/> is
/// <see cref="ConfigApplyResult.Applied"/>.
/// </remarks>
public sealed record ReportedConfig(
    string DeviceId,
    DeviceConfig Config,
    ConfigApplyResult ApplyResult,
    string? RejectReason = null) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.ReportedConfig;
}
