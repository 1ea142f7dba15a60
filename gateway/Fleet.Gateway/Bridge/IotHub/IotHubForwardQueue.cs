// SPDX-License-Identifier: MIT
using System.Threading.Channels;
using Fleet.Contracts.Messages;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// The bounded hand-off from ingest to the bridge. Writing never blocks: when the bridge is down and the queue
/// is full, the oldest message is dropped and counted, because the store already holds every message and
/// fresh data is worth more to the hub than stale data.
/// </summary>
public sealed class IotHubForwardQueue : IUplinkCommitObserver
{
    private readonly Channel<FleetMessage> _channel;
    private readonly IotHubTelemetry _telemetry;

    public IotHubForwardQueue(IOptions<IotHubOptions> options, IotHubTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        _telemetry = telemetry;
        _channel = Channel.CreateBounded<FleetMessage>(
            new BoundedChannelOptions(options.Value.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ => _telemetry.RecordDropped());
    }

    public ChannelReader<FleetMessage> Reader => _channel.Reader;

    /// <summary>Queues detections, telemetry and reported configs; other types have no hub mapping.</summary>
    public void OnCommitted(FleetMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Type is MessageType.Detection or MessageType.Telemetry or MessageType.ReportedConfig)
        {
            _channel.Writer.TryWrite(message);
        }
    }
}
