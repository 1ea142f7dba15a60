namespace Fleet.Agent.Wake;

/// <summary>What one wake did; the host logs it, tests assert on it.</summary>
public sealed class WakeReport
{
    /// <summary>"" when the radio was used, else why not ("quiet hours", "backoff", "retry energy budget spent").</summary>
    public string RadioSkipped { get; set; } = "";
    public bool Connected { get; set; }

    /// <summary>Connect outcome when an attempt was made (see <see cref="Fleet.Agent.Ports.ConnectOutcome"/>), else -1.</summary>
    public int ConnectResult { get; set; } = -1;
    public int Published { get; set; }
    public int QueueLeft { get; set; }
    public long RadioMs { get; set; }
    public ulong RadioEnergyUj { get; set; }
    public bool BudgetExhausted { get; set; }
    public int ConfigResult { get; set; } = -1;
    public string ConfigReason { get; set; } = "";
    public uint OtaBytesReceived { get; set; }
    public int OtaResult { get; set; } = -1;
    public uint NextWakeS { get; set; }
}
