// SPDX-License-Identifier: MIT
using System.Threading.Channels;

namespace Fleet.Gateway.Ingest;

/// <summary>
/// The hand-over from the MQTT receive path to the single SQLite writer. Bounded, so a slow disk pushes back on
/// the MQTT client (which stops reading) instead of growing memory; the broker holds the rest.
/// </summary>
public sealed class IngestQueue
{
    /// <summary>Messages that may wait for the writer.</summary>
    public const int Capacity = 4096;

    private readonly Channel<PendingUplink> _channel = Channel.CreateBounded<PendingUplink>(
        new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });

    public const string DepthName = "fleet.gateway.ingest.queue.depth";

    /// <param name="telemetry">When given, exports <see cref="DepthName"/>: messages received but not yet stored.
    /// Near <see cref="Capacity"/> the writer is the bottleneck and the broker starts holding uplinks (ingest lag).</param>
    public IngestQueue(GatewayTelemetry? telemetry = null)
    {
        telemetry?.Meter.CreateObservableGauge(DepthName, () => _channel.Reader.Count, "{message}",
            "Uplinks received and waiting for the store writer");
    }

    public ChannelWriter<PendingUplink> Writer => _channel.Writer;

    public ChannelReader<PendingUplink> Reader => _channel.Reader;
}
