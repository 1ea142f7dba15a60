namespace Fleet.Contracts.Messages;

/// <summary>Type 7, <c>up/ota/request</c>: the device asks for <see cref="Length"/> bytes at <see cref="Offset"/>.</summary>
public sealed record OtaChunkRequest(string DeviceId, uint OfferId, uint Offset, ushort Length) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.OtaChunkRequest;
}
