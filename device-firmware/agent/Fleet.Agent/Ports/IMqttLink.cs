namespace Fleet.Agent.Ports;

/// <summary>
/// The radio: one synchronous MQTT session per wake (nanoFramework.M2Mqtt on the device, MQTTnet on .NET).
/// Every call blocks until the broker answered or the link gave up; none throws for network failures.
/// </summary>
public interface IMqttLink
{
    /// <summary>Connects with the session and will described by <paramref name="request"/>.</summary>
    ConnectOutcome Connect(ConnectRequest request);

    /// <summary>Subscribes with QoS 1; false when the broker refused or the link dropped.</summary>
    bool Subscribe(string topicFilter);

    /// <summary>Publishes with QoS 1 and waits for PUBACK; false when it was not acknowledged.</summary>
    bool Publish(string topic, byte[] payload, bool retain);

    /// <summary>The next message the broker delivered, waiting up to <paramref name="timeoutMs"/>; null if none.</summary>
    InboundMessage? Receive(int timeoutMs);

    /// <summary>Sends DISCONNECT (so the will is discarded) and closes the connection.</summary>
    void Disconnect();
}
