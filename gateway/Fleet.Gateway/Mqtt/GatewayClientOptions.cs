// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;

namespace Fleet.Gateway.Mqtt;

/// <summary>Builds the MQTT options of the gateway's own clients from <see cref="BrokerOptions"/>.</summary>
public sealed class GatewayClientOptions(IOptions<BrokerOptions> broker, InternalCredentials credentials)
{
    /// <summary>
    /// How long the broker keeps the ingest session while the gateway is away. Long enough to cover a restart or a
    /// deploy; an external broker then holds every uplink that arrived meanwhile.
    /// </summary>
    public static readonly TimeSpan SessionExpiry = TimeSpan.FromDays(1);

    public string Host => broker.Value.Host;

    public int Port => broker.Value.Port;

    /// <summary>MQTT 5, persistent session (clean start false), the in-memory internal credential.</summary>
    public MqttClientOptions Build(string clientId) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Value.Host, broker.Value.Port)
            .WithClientId(clientId)
            .WithCredentials(InternalCredentials.UserName, credentials.Password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)SessionExpiry.TotalSeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .Build();
}
