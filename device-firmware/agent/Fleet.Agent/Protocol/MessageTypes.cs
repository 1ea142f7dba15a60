namespace Fleet.Agent.Protocol;

/// <summary>Message types of protocol v1 (docs/protocol.md §3), key 1 of every payload.</summary>
public static class MessageTypes
{
    public const int Detection = 1;
    public const int Telemetry = 2;
    public const int Status = 3;
    public const int DesiredConfig = 4;
    public const int ReportedConfig = 5;
    public const int OtaOffer = 6;
    public const int OtaRequest = 7;
    public const int OtaChunk = 8;
    public const int OtaResult = 9;

    public const int SchemaVersion = 1;
    public const int MaxPayloadBytes = 4096;
    public const int MaxChunkBytes = 1024;

    /// <summary>Entries of the telemetry wake ledger (key 15) when present: one per state, sleep to radio receive.</summary>
    public const int WakeLedgerStates = 8;
}
