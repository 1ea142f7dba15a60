namespace Fleet.Agent.Ports;

/// <summary>What a wake's CONNECT carries (docs/protocol.md §1.2 step 1).</summary>
public sealed class ConnectRequest
{
    public string ClientId { get; set; } = "";
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";

    /// <summary>Always false for a sleepy device: the broker keeps its subscription and queues QoS 1 downlinks.</summary>
    public bool CleanStart { get; set; }

    public uint SessionExpiryS { get; set; }
    public int KeepAliveS { get; set; }
    public int TimeoutMs { get; set; }
    public string WillTopic { get; set; } = "";
    public byte[] WillPayload { get; set; } = new byte[0];
}
