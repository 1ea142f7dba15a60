namespace Fleet.Contracts.Messages;

/// <summary>Type 9, <c>up/ota/result</c>: how the transfer ended and which model version now runs.</summary>
public sealed record OtaResult(string DeviceId, uint OfferId, OtaResultCode Code, uint ActiveModelVersion)
    : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.OtaResult;
}
