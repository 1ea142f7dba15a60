// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// Where the embedded MQTT broker listens, and where the gateway's own ingest client connects.
/// </summary>
/// <remarks>
/// <code>
/// "Broker": { "Host": "127.0.0.1", "Port": 1883 }
/// </code>
/// </remarks>
public sealed class BrokerOptions
{
    public const string SectionName = "Broker";

    /// <summary>IP address the broker binds to (and the ingest client dials). Default <c>127.0.0.1</c>.</summary>
    [Required]
    [RegularExpression(@"^[0-9A-Fa-f:.]+$", ErrorMessage = "Broker:Host must be an IP address.")]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the broker. Default 1883.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 1883;
}
