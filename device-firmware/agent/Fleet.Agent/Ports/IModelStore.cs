namespace Fleet.Agent.Ports;

/// <summary>
/// The model slots of the native core (device-firmware/core model slots; .NET: ModelSlots via P/Invoke or the
/// host's file-backed store). The store keeps the download journal, verifies hash and signature, runs the
/// self-test and activates; the agent only moves bytes and reports.
/// </summary>
public interface IModelStore
{
    ModelStoreStatus Status { get; }

    /// <summary>
    /// Starts (or resumes, for the same offer) a download; returns the offset to continue from.
    /// </summary>
    /// <exception cref="ModelStoreException">Refused; the exception carries the OTA result code to report.</exception>
    uint Begin(uint offerId, string modelId, uint version, uint sizeBytes, byte[] sha256, byte[] signature);

    /// <summary>Writes a chunk at <paramref name="offset"/> (must be the current end) and journals it.</summary>
    /// <exception cref="ModelStoreException">The offset is not where the download stands, or the slot failed.</exception>
    void WriteChunk(uint offset, byte[] data);

    /// <summary>Verifies the complete download, self-tests it and activates it; returns the OTA result code.</summary>
    int Finish();

    /// <summary>Marks the active model good (it ran without fault), so it is no longer rolled back.</summary>
    void Confirm();

    /// <summary>Records a fault of the active model; returns 8 (rolled back) when that caused a rollback, else -1.</summary>
    int ReportFault();
}
