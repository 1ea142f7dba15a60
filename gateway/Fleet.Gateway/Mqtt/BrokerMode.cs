// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Mqtt;

/// <summary>Which MQTT broker the gateway's clients talk to (<c>Broker:Mode</c>).</summary>
public enum BrokerMode
{
    /// <summary>The in-process MQTTnet broker (<see cref="EmbeddedBroker"/>); the default.</summary>
    Embedded,

    /// <summary>
    /// Any MQTT 3.1.1 or 5 broker run by someone else (Mosquitto, typically). The embedded broker is not started;
    /// that broker authenticates devices and enforces the topic ACL.
    /// </summary>
    External,
}
