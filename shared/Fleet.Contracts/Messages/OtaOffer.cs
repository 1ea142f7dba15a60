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
