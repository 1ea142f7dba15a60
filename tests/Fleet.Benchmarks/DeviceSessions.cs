// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Fleet.Benchmarks;

/// <summary>
/// Idle device sessions held open at once, each connected as a real device wakes (docs/protocol.md): its own
/// user name and secret, MQTT 5, clean start false with a 7-day session expiry, subscribed to its downlink.
/// One MQTTnet client per session, created bare (no managed client; a 5-minute keep-alive, so pings are rare) to keep each small.
/// </summary>
public sealed class DeviceSessions : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<string, IMqttClient> _clients = new(StringComparer.Ordinal);
    private readonly MqttClientFactory _factory = new();
    private readonly int _port;

    public DeviceSessions(int port) => _port = port;

    public int Connected => _clients.Count;

    /// <summary>Connects and subscribes the given devices; returns the failures (first message kept per reason).</summary>
    public async Task<ConnectOutcome> ConnectAsync(IReadOnlyList<string> deviceIds, Func<string, string> secretOf,
        int parallel, CancellationToken cancellationToken)
    {
        var failures = 0;
        var reasons = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(deviceIds, new ParallelOptions { MaxDegreeOfParallelism = parallel,
            CancellationToken = cancellationToken }, async (id, token) =>
        {
            var client = _factory.CreateMqttClient();
            try
            {
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer("127.0.0.1", _port)
                    .WithClientId(id)
                    .WithCredentials(id, secretOf(id))
                    .WithProtocolVersion(MqttProtocolVersion.V500)
                    .WithCleanStart(false)
                    .WithSessionExpiryInterval(7 * 24 * 3600)
                    .WithKeepAlivePeriod(TimeSpan.FromMinutes(5))
                    .WithTimeout(ConnectTimeout)
                    .Build();
                var result = await client.ConnectAsync(options, token);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new InvalidOperationException($"CONNACK {result.ResultCode}");
                }

                if (!result.IsSessionPresent)
                {
                    var subscribed = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                        .WithTopicFilter(Topics.DownlinkFilter(id), MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                        token);
                    if (subscribed.Items.Any(i => (int)i.ResultCode > 2))
                    {
                        throw new InvalidOperationException($"SUBACK {subscribed.Items.First().ResultCode}");
                    }
                }

                _clients[id] = client;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                Interlocked.Increment(ref failures);
                var reason = ex.GetBaseException().Message;
                reasons.AddOrUpdate(reason.Length > 120 ? reason[..120] : reason, 1, (_, n) => n + 1);
                client.Dispose();
            }
        });
        return new ConnectOutcome(failures, reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Value}x {r.Key}")
            .Take(3).ToArray());
    }

    /// <summary>Publishes one telemetry message (QoS 1) from <paramref name="deviceId"/>; true when PUBACKed.</summary>
    public async Task<bool> PublishTelemetryAsync(string deviceId, uint seq, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!_clients.TryGetValue(deviceId, out var client) || !client.IsConnected)
        {
            return false;
        }

        var payload = FleetCodec.Encode(new Telemetry(deviceId, seq, (ulong)time.GetUtcNow().ToUnixTimeMilliseconds(),
            3900, 800, 2150, 1234, seq, 60, "bench-1", "face-v1", 3, -67));
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.For(deviceId, MessageType.Telemetry))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), cancellationToken);
        return result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers;
    }

    /// <summary>The ids connected now (a session the broker dropped counts as gone).</summary>
    public IReadOnlyList<string> LiveIds() => _clients.Where(c => c.Value.IsConnected).Select(c => c.Key).ToArray();

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_clients.Values, new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (client, _) =>
            {
                try
                {
                    if (client.IsConnected)
                    {
                        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                        await client.DisconnectAsync(new MqttClientDisconnectOptions(), limit.Token);
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A broker already gone or slow: the socket closes below anyway.
                }

                client.Dispose();
            });
        _clients.Clear();
    }
}

/// <summary>CONNECT failures of one step and the commonest reasons.</summary>
public sealed record ConnectOutcome(int Failures, IReadOnlyList<string> Reasons);
