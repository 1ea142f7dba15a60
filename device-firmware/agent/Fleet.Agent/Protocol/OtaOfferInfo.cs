namespace Fleet.Agent.Protocol;

/// <summary>An OTA offer (docs/protocol.md type 6), kept by the agent until it reports a result for it.</summary>
public sealed class OtaOfferInfo
{
    public uint OfferId { get; set; }
    public string ModelId { get; set; } = "";
    public uint ModelVersion { get; set; }
    public uint SizeBytes { get; set; }
    public byte[] Sha256 { get; set; } = new byte[32];
    public uint ChunkSize { get; set; }
    public byte[] Signature { get; set; } = new byte[64];
}
