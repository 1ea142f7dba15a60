namespace Fleet.Agent.Protocol;

/// <summary>One OTA chunk (docs/protocol.md type 8).</summary>
public sealed class OtaChunkInfo
{
    public uint OfferId { get; set; }
    public uint Offset { get; set; }
    public byte[] Data { get; set; } = new byte[0];
}
