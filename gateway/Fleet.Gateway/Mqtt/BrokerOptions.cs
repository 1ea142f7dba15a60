// SPDX-License-Identifier: MIT
using Fleet.Gateway.Mqtt.Mosquitto;
using MQTTnet.Formatter;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// Which broker the gateway uses and how its own clients (ingest, downlink) reach it. Checked at start by
/// <see cref="BrokerOptionsValidator"/>.
/// </summary>
/// <remarks>
/// <code>
/// "Broker": { "Mode": "Embedded", "Host": "127.0.0.1", "Port": 1883 }
/// "Broker": { "Mode": "External", "Host": "mqtt.example", "Port": 8883, "UserName": "fleet@gateway",
///             "Tls": { "Enabled": true, "CaFile": "ca.pem" } }      // Password from the environment
/// </code>
/// </remarks>
public sealed class BrokerOptions
{
    public const string SectionName = "Broker";

    /// <summary><see cref="BrokerMode.Embedded"/> (default) or <see cref="BrokerMode.External"/>.</summary>
    public BrokerMode Mode { get; set; } = BrokerMode.Embedded;

    /// <summary>
    /// Embedded: the IP address the broker binds to (and the gateway's clients dial). External: host name or IP
    /// address of the broker. Default <c>127.0.0.1</c>.
    /// </summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the broker, 1-65535. Default 1883.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>
    /// External only: the gateway's user name at the broker. Must not be a valid device id (so no device can be
    /// provisioned under it) and must not contain <c>:</c> or white space (Mosquitto's file formats).
    /// </summary>
    public string UserName { get; set; } = "";

    /// <summary>
    /// External only: the gateway's password. Supply it through the environment (<c>Broker__Password</c>) or a
    /// secret store, never in a committed file.
    /// </summary>
    public string Password { get; set; } = "";

    /// <summary>External only: MQTT version of the gateway's clients, <c>V500</c> (default) or <c>V311</c>.</summary>
    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V500;

    /// <summary>External only: TLS to the broker.</summary>
    public BrokerTlsOptions Tls { get; set; } = new();

    /// <summary>Back-off of the gateway's clients while the broker is unreachable.</summary>
    public BrokerReconnectOptions Reconnect { get; set; } = new();

    /// <summary>External only: password and ACL files the gateway maintains for Mosquitto.</summary>
    public MosquittoOptions Mosquitto { get; set; } = new();
}
