namespace Fleet.Contracts.Messages;

/// <summary>
/// Base of every protocol v1 message. <see cref="DeviceId"/> is key 2 of the payload and must equal the
/// device id in the topic.
/// </summary>
public abstract record FleetMessage(string DeviceId)
{
    /// <summary>The message type (key 1), fixed per record type.</summary>
    public abstract MessageType Type { get; }
}
