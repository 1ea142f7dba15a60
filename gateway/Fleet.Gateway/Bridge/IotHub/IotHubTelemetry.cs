// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// <c>fleet.gateway.bridge.*</c> counters on the gateway's meter, plus the same totals as properties so
/// tests and health checks can read them without a listener.
/// </summary>
public sealed class IotHubTelemetry
{
    public const string ForwardedName = "fleet.gateway.bridge.forwarded";
    public const string DroppedName = "fleet.gateway.bridge.dropped";
    public const string FailedName = "fleet.gateway.bridge.failed";
    public const string RetriesName = "fleet.gateway.bridge.retries";
    public const string TimeoutsName = "fleet.gateway.bridge.timeouts";
    public const string CircuitOpenedName = "fleet.gateway.bridge.circuit_opened";
    public const string TokenRenewalsName = "fleet.gateway.bridge.token_renewals";
    public const string DesiredAppliedName = "fleet.gateway.bridge.desired_applied";
    public const string DesiredRejectedName = "fleet.gateway.bridge.desired_rejected";
    public const string ReportedWrittenName = "fleet.gateway.bridge.reported_written";
    public const string KindTag = "kind";
    public const string PipelineTag = "pipeline";

    private readonly Counter<long> _forwarded;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _timeouts;
    private readonly Counter<long> _circuitOpened;
    private readonly Counter<long> _tokenRenewals;
    private readonly Counter<long> _desiredApplied;
    private readonly Counter<long> _desiredRejected;
    private readonly Counter<long> _reportedWritten;
    private long _forwardedTotal;
    private long _droppedTotal;
    private long _failedTotal;
    private long _retriesTotal;
    private long _circuitOpenedTotal;
    private long _tokenRenewalsTotal;
    private long _desiredAppliedTotal;
    private long _desiredRejectedTotal;
    private long _reportedWrittenTotal;

    public IotHubTelemetry(GatewayTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var meter = telemetry.Meter;
        _forwarded = meter.CreateCounter<long>(ForwardedName, "{message}", "Messages the hub acknowledged");
        _dropped = meter.CreateCounter<long>(DroppedName, "{message}", "Oldest queued messages dropped because the bridge fell behind");
        _failed = meter.CreateCounter<long>(FailedName, "{message}", "Messages given up after retries or with the circuit open");
        _retries = meter.CreateCounter<long>(RetriesName, "{attempt}", "Retried hub operations");
        _timeouts = meter.CreateCounter<long>(TimeoutsName, "{attempt}", "Hub operations that timed out");
        _circuitOpened = meter.CreateCounter<long>(CircuitOpenedName, "{event}", "Times a bridge circuit breaker opened");
        _tokenRenewals = meter.CreateCounter<long>(TokenRenewalsName, "{token}", "Device connections re-opened with a fresh SAS token");
        _desiredApplied = meter.CreateCounter<long>(DesiredAppliedName, "{patch}", "Twin desired properties stored as desired config");
        _desiredRejected = meter.CreateCounter<long>(DesiredRejectedName, "{patch}", "Twin desired properties refused as invalid");
        _reportedWritten = meter.CreateCounter<long>(ReportedWrittenName, "{patch}", "Reported configs written to the twin over REST");
    }

    public long Forwarded => Interlocked.Read(ref _forwardedTotal);
    public long Dropped => Interlocked.Read(ref _droppedTotal);
    public long Failed => Interlocked.Read(ref _failedTotal);
    public long Retries => Interlocked.Read(ref _retriesTotal);
    public long CircuitOpened => Interlocked.Read(ref _circuitOpenedTotal);
    public long TokenRenewals => Interlocked.Read(ref _tokenRenewalsTotal);
    public long DesiredApplied => Interlocked.Read(ref _desiredAppliedTotal);
    public long DesiredRejected => Interlocked.Read(ref _desiredRejectedTotal);
    public long ReportedWritten => Interlocked.Read(ref _reportedWrittenTotal);

    public void RecordForwarded(string kind) { Interlocked.Increment(ref _forwardedTotal); _forwarded.Add(1, new KeyValuePair<string, object?>(KindTag, kind)); }
    public void RecordDropped() { Interlocked.Increment(ref _droppedTotal); _dropped.Add(1); }
    public void RecordFailed(string kind) { Interlocked.Increment(ref _failedTotal); _failed.Add(1, new KeyValuePair<string, object?>(KindTag, kind)); }
    public void RecordRetry(string pipeline) { Interlocked.Increment(ref _retriesTotal); _retries.Add(1, new KeyValuePair<string, object?>(PipelineTag, pipeline)); }
    public void RecordTimeout(string pipeline) => _timeouts.Add(1, new KeyValuePair<string, object?>(PipelineTag, pipeline));
    public void RecordCircuitOpened(string pipeline) { Interlocked.Increment(ref _circuitOpenedTotal); _circuitOpened.Add(1, new KeyValuePair<string, object?>(PipelineTag, pipeline)); }
    public void RecordTokenRenewal() { Interlocked.Increment(ref _tokenRenewalsTotal); _tokenRenewals.Add(1); }
    public void RecordDesiredApplied() { Interlocked.Increment(ref _desiredAppliedTotal); _desiredApplied.Add(1); }
    public void RecordDesiredRejected() { Interlocked.Increment(ref _desiredRejectedTotal); _desiredRejected.Add(1); }
    public void RecordReportedWritten() { Interlocked.Increment(ref _reportedWrittenTotal); _reportedWritten.Add(1); }
}
