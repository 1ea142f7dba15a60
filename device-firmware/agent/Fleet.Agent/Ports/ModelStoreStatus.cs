namespace Fleet.Agent.Ports;

/// <summary>What the model slots hold.</summary>
public sealed class ModelStoreStatus
{
    public string ActiveModelId { get; set; } = "";
    public uint ActiveVersion { get; set; }

    /// <summary>True when a download is journaled (possibly from before a reboot).</summary>
    public bool HasPending { get; set; }
    public uint PendingOfferId { get; set; }
    public string PendingModelId { get; set; } = "";
    public uint PendingVersion { get; set; }
    public uint PendingBytesWritten { get; set; }

    /// <summary>True when the slots fell back to the previous model (repeated faults or boots on trial).</summary>
    public bool RolledBack { get; set; }
}
