namespace Fleet.Agent.Queue;

/// <summary>One queued uplink: its message type (1 detection, 2 telemetry) and the encoded payload.</summary>
public sealed class QueueItem
{
    public QueueItem(int messageType, byte[] payload)
    {
        MessageType = messageType;
        Payload = payload;
    }

    public int MessageType { get; }
    public byte[] Payload { get; }
}
