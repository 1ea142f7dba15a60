namespace Fleet.Contracts.Messages;

/// <summary>Type 8, <c>down/ota/chunk</c>: artifact bytes at <see cref="Offset"/>.</summary>
public sealed record OtaChunk(string DeviceId, uint OfferId, uint Offset, ReadOnlyMemory<byte> Data) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.OtaChunk;

    public bool Equals(OtaChunk? other) =>
        other is not null && base.Equals(other) && OfferId == other.OfferId && Offset == other.Offset
        && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(DeviceId, OfferId, Offset, Data.Length);
}
