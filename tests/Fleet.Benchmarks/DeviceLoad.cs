// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Fleet.Benchmarks;

/// <summary>
/// N device connections (MQTT 5, one socket each) publishing valid telemetry at QoS 1. Message k of a phase is
/// device <c>k % N</c>, sequence <c>k / N + 1</c>, so a (device, seq) read back from a subscriber or the store
/// finds its publish time in an array without a lookup table.
/// </summary>
public sealed class DeviceLoad : IAsyncDisposable
{
    private readonly List<IMqttClient> _clients;
    private readonly Dictionary<string, int> _index;

    private DeviceLoad(List<IMqttClient> clients, IReadOnlyList<string> deviceIds)
    {
        _clients = clients;
        DeviceIds = deviceIds;
        _index = deviceIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> DeviceIds { get; }

    public static IReadOnlyList<string> Ids(int count) =>
        Enumerable.Range(0, count).Select(i => $"bench-{i:00000}").ToArray();

    public static async Task<DeviceLoad> ConnectAsync(int port, IReadOnlyList<string> deviceIds,
        CancellationToken cancellationToken)
    {
        var clients = new IMqttClient[deviceIds.Count];
        var factory = new MqttClientFactory();
        await Parallel.ForEachAsync(Enumerable.Range(0, deviceIds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var client = factory.CreateMqttClient();
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer("127.0.0.1", port)
                    .WithClientId(deviceIds[i])
                    .WithCredentials(deviceIds[i], "")
                    .WithProtocolVersion(MqttProtocolVersion.V500)
                    .WithCleanStart(true)
                    .WithTimeout(TimeSpan.FromSeconds(30))
                    .Build();
                var result = await client.ConnectAsync(options, token);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new InvalidOperationException($"{deviceIds[i]} could not connect: {result.ResultCode}");
                }

                clients[i] = client;
            });
        return new DeviceLoad([.. clients], deviceIds);
    }

    /// <summary>Message index of (device, seq), or -1 for a device or seq this load never sent.</summary>
    public long IndexOf(string deviceId, long seq) =>
        _index.TryGetValue(deviceId, out var d) && seq >= 1 ? ((seq - 1) * _clients.Count) + d : -1;

    /// <summary>
    /// Publishes for <see cref="IngestSettings.Seconds"/> (or until <see cref="IngestSettings.MessageCap"/>), each
    /// device paced at its share of the rate (or as fast as its window allows), writing each message's publish
    /// timestamp into <paramref name="published"/>.
    /// </summary>
    public async Task<LoadResult> RunAsync(IngestSettings settings, long[] published, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var n = _clients.Count;
        var start = time.GetTimestamp();
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        long acked = 0, refused = 0, attempted = 0;
        var perDevice = settings.Rate / n;

        async Task DeviceAsync(int d)
        {
            var client = _clients[d];
            var id = DeviceIds[d];
            var topic = Topics.For(id, MessageType.Telemetry);
            using var window = new SemaphoreSlim(settings.Window);
            var pending = new List<Task>();
            for (long j = 0; ; j++)
            {
                var k = (j * n) + d;
                if (k >= published.Length || time.GetElapsedTime(start) >= duration)
                {
                    break;
                }

                if (perDevice is { } r)
                {
                    // Staggered so N devices at R/N each add up to an even R, not N bursts.
                    var due = TimeSpan.FromSeconds((j + ((double)d / n)) / r) - time.GetElapsedTime(start);
                    if (due > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(due, time, cancellationToken);
                    }
                }

                await window.WaitAsync(cancellationToken);
                var message = new Telemetry(id, (uint)(j + 1), (ulong)time.GetUtcNow().ToUnixTimeMilliseconds(), 3900,
                    800, 2150, 1234, (uint)(j + 1), 60, "bench-1", "face-v1", 3, -67);
                var payload = FleetCodec.Encode(message);
                Interlocked.Increment(ref attempted);
                published[k] = time.GetTimestamp();
                pending.Add(PublishAsync(client, topic, payload, window));
                if (pending.Count > 4 * settings.Window)
                {
                    pending.RemoveAll(t => t.IsCompleted);
                }
            }

            await Task.WhenAll(pending);
        }

        async Task PublishAsync(IMqttClient client, string topic, byte[] payload, SemaphoreSlim window)
        {
            try
            {
                var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(topic)
                    .WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build(), cancellationToken);
                // NoMatchingSubscribers is still a PUBACK: the broker took the message.
                if (result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers)
                {
                    Interlocked.Increment(ref acked);
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }
            }
            finally
            {
                window.Release();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, n).Select(d => Task.Run(() => DeviceAsync(d), cancellationToken)));
        return new LoadResult(attempted, acked, refused, time.GetElapsedTime(start));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A broker already gone: nothing to tidy.
            }

            client.Dispose();
        }
    }
}
