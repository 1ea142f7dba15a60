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

    public ChannelWriter<PendingUplink> Writer => _channel.Writer;

    public ChannelReader<PendingUplink> Reader => _channel.Reader;
}
