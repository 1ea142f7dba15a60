namespace Fleet.Contracts.Messages;

/// <summary>Key 1 of every payload (docs/protocol.md §3).</summary>
public enum MessageType : byte
{
    Detection = 1,
    Telemetry = 2,
    Status = 3,
    DesiredConfig = 4,
    ReportedConfig = 5,
    OtaOffer = 6,
    OtaChunkRequest = 7,
    OtaChunk = 8,
    OtaResult = 9,
}
