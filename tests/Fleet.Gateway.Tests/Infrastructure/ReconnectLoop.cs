// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Tests.Infrastructure;

/// <summary>
/// Clients that reconnect at once, in parallel: each cycle connects, subscribes, publishes at QoS 1 and
/// disconnects, then starts again with the same client id. What a broker that races a connection's clean-up
/// against the next CONNECT of the same id gets wrong.
/// </summary>
public sealed record ReconnectingClient(MqttClientOptions Options, string Filter, Func<int, MqttApplicationMessage> Message);

public static class ReconnectLoop
{
    /// <summary>Runs <paramref name="cycles"/> cycles per client; returns one line per failed cycle.</summary>
    public static async Task<IReadOnlyCollection<string>> RunAsync(IReadOnlyList<ReconnectingClient> clients, int cycles)
    {
        var failures = new ConcurrentQueue<string>();
        await Task.WhenAll(clients.Select(c => Task.Run(async () =>
        {
            using var client = new MqttClientFactory().CreateMqttClient();
            for (var i = 0; i < cycles; i++)
            {
                try
                {
                    var connect = await client.ConnectAsync(c.Options);
                    Assert.Equal(MqttClientConnectResultCode.Success, connect.ResultCode);
                    await client.SubscribeAsync(c.Filter, MqttQualityOfServiceLevel.AtLeastOnce);
                    var publish = await client.PublishAsync(c.Message(i));
                    Assert.True(publish.IsSuccess, $"PUBACK {publish.ReasonCode}");
                    await client.DisconnectAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failures.Enqueue($"{c.Options.ClientId} cycle {i}: {ex.GetType().Name}: {ex.Message}");
                    if (client.IsConnected)
                    {
                        await client.DisconnectAsync();
                    }
                }
            }
        })));
        return failures;
    }
}
