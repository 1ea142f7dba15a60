namespace Fleet.Agent.Ports;

/// <summary>A message the broker delivered to the device.</summary>
public sealed class InboundMessage
{
    public InboundMessage(string topic, byte[] payload, bool retained)
    {
        Topic = topic;
        Payload = payload;
        Retained = retained;
    }

    public string Topic { get; }
    public byte[] Payload { get; }
    public bool Retained { get; }
}
