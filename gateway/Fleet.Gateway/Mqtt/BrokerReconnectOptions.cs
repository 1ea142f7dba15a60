// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Mqtt;

/// <summary>
/// Back-off of the gateway's clients while the broker is unreachable (<c>Broker:Reconnect</c>): exponential from
/// <see cref="BaseDelay"/>, capped at <see cref="MaxDelay"/>, with jitter, retried for as long as the gateway runs.
/// </summary>
public sealed class BrokerReconnectOptions
{
    /// <summary>Delay before the first retry. Default 1 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two attempts. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
