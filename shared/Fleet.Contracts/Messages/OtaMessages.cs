namespace Fleet.Contracts.Messages;

/// <summary>Type 6, <c>down/ota/offer</c> (retained): a signed model artifact the device should fetch.</summary>
public sealed record OtaOffer(
    string DeviceId,
    uint OfferId,
    string ModelId,
    uint ModelVersion,
    uint SizeBytes,
    ReadOnlyMemory<byte> Sha256,
    ushort ChunkSize,
    ReadOnlyMemory<byte> Signature) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.OtaOffer;

    public bool Equals(OtaOffer? other) =>
        other is not null && base.Equals(other) && OfferId == other.OfferId && ModelId == other.ModelId
        && ModelVersion == other.ModelVersion && SizeBytes == other.SizeBytes
        && Sha256.Span.SequenceEqual(other.Sha256.Span) && ChunkSize == other.ChunkSize
        && Signature.Span.SequenceEqual(other.Signature.Span);

    public override int GetHashCode() => HashCode.Combine(DeviceId, OfferId, ModelId, ModelVersion, SizeBytes);
}

/// <summary>Type 7, <c>up/ota/request</c>: the device asks for <see cref="Length"/> bytes at <see cref="Offset"/>.</summary>
public sealed record OtaChunkRequest(string DeviceId, uint OfferId, uint Offset, ushort Length) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.OtaChunkRequest;
}

/// <summary>Type 8, <c>down/ota/chunk</c>: artifact bytes at <see cref="Offset"/>.</summary>
public sealed record OtaChunk(string DeviceId, uint OfferId, uint Offset, ReadOnlyMemory<byte> Data) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.OtaChunk;

    public bool Equals(OtaChunk? other) =>
        other is not null && base.Equals(other) && OfferId == other.OfferId && Offset == other.Offset
        && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(DeviceId, OfferId, Offset, Data.Length);
}

/// <summary>Type 9, <c>up/ota/result</c>: how the transfer ended and which model version now runs.</summary>
public sealed record OtaResult(string DeviceId, uint OfferId, OtaResultCode Code, uint ActiveModelVersion)
    : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.OtaResult;
}
