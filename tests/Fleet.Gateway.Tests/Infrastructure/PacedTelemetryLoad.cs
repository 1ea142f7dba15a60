// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Gateway.Tests.Infrastructure;

/// <summary>
/// One device's share of a kill test's load: telemetry seq 1..<paramref name="MessagesPerDevice"/>, paced so the
/// whole fleet sends about <paramref name="MessagesPerSecond"/>, with at most <paramref name="WindowPerDevice"/> QoS 1
/// publishes in flight. What the broker PUBACKed goes into the acked set: the tests' "stored exactly once" baseline.
/// </summary>
public sealed record PacedTelemetryLoad(int DeviceCount, int MessagesPerDevice, int WindowPerDevice, double MessagesPerSecond)
{
    public async Task PublishAsync(TestDevice device, int index, Stopwatch loadStart,
        ConcurrentDictionary<(string, uint), byte> acked, Action onRefused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(loadStart);
        ArgumentNullException.ThrowIfNull(acked);
        ArgumentNullException.ThrowIfNull(onRefused);
        var perDevice = MessagesPerSecond / DeviceCount;
        using var window = new SemaphoreSlim(WindowPerDevice);
        var inFlight = new List<Task>(MessagesPerDevice);
        var topic = Topics.For(device.DeviceId, MessageType.Telemetry);
        for (uint seq = 1; seq <= MessagesPerDevice; seq++)
        {
            // Devices start a millisecond apart so their publishes interleave rather than arrive in bursts.
            var due = TimeSpan.FromSeconds((seq - 1) / perDevice) + TimeSpan.FromMilliseconds(index);
            var wait = due - loadStart.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            await window.WaitAsync(cancellationToken);
            var payload = Payloads.Encode(Payloads.Telemetry(device.DeviceId, seq));
            var s = seq;
            inFlight.Add(PublishOneAsync());

            async Task PublishOneAsync()
            {
                try
                {
                    var result = await device.PublishAsync(topic, payload);
                    if (result.IsSuccess)
                    {
                        acked.TryAdd((device.DeviceId, s), 0);
                    }
                    else
                    {
                        onRefused();
                    }
                }
                finally
                {
                    window.Release();
                }
            }
        }

        await Task.WhenAll(inFlight);
    }
}
