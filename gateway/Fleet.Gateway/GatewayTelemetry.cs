// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Ingest;

namespace Fleet.Gateway;

/// <summary>
/// The gateway's trace source and metrics. One instance per host (a singleton), so several gateways in one test
/// process keep separate meters; the names are constants so dashboards and exporters can refer to them.
/// </summary>
public sealed class GatewayTelemetry : IDisposable
{
    public const string SourceName = "Fleet.Gateway";
    public const string MeterName = "Fleet.Gateway";

    public const string UplinkAcceptedName = "fleet.gateway.uplink.accepted";
    public const string UplinkRejectedName = "fleet.gateway.uplink.rejected";
    public const string IngestBatchActivityName = "fleet.gateway.ingest.batch";

    /// <summary>One uplink from receipt to commit and acknowledgement; a child of the device's traceparent.</summary>
    public const string IngestMessageActivityName = "fleet.gateway.ingest.message";

    /// <summary>One downlink publish; its traceparent travels to the device in the message.</summary>
    public const string DownlinkPublishActivityName = "fleet.gateway.downlink.publish";

    /// <summary>How an uplink ended: stored, duplicate, unknown_device, or a §4 rejection reason.</summary>
    public const string OutcomeTag = "fleet.ingest.outcome";
    public const string TopicTag = "messaging.destination.name";
    public const string ReasonTag = "reason";
    public const string TypeTag = "type";
    public const string BatchSizeTag = "fleet.batch.size";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;

    public GatewayTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _accepted = Meter.CreateCounter<long>(UplinkAcceptedName, unit: "{message}",
            description: "Uplink messages stored");
        _rejected = Meter.CreateCounter<long>(UplinkRejectedName, unit: "{message}",
            description: "Uplink messages or connects refused, by reason (docs/protocol.md §4)");
    }

    /// <summary>Spans around ingest batches.</summary>
    public ActivitySource ActivitySource { get; } = new(SourceName);

    /// <summary>The gateway's meter (owned by the host's meter factory).</summary>
    public Meter Meter { get; }

    public void RecordAccepted(MessageType type) =>
        _accepted.Add(1, new KeyValuePair<string, object?>(TypeTag, RejectionReasons.TypeName(type)));

    public void RecordRejected(DecodeError reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>(ReasonTag, RejectionReasons.Name(reason)));

    public void Dispose() => ActivitySource.Dispose();
}
