// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Microsoft.Extensions.Logging;

namespace Fleet.Gateway.Ingest;

/// <summary>
/// Counts accepted and rejected uplinks in process (for <c>/api/ingest/stats</c>) and in OpenTelemetry, and logs
/// each rejection through a rate limiter. Thread-safe: called from the broker hooks, the ingest client and the
/// writer at once.
/// </summary>
public sealed class IngestStats
{
    private readonly long[] _rejected = new long[Enum.GetValues<DecodeError>().Length];
    private long _accepted;
    private readonly GatewayTelemetry _telemetry;
    private readonly RejectionLogLimiter _limiter;
    private readonly ILogger<IngestStats> _logger;

    public IngestStats(GatewayTelemetry telemetry, RejectionLogLimiter limiter, ILogger<IngestStats> logger)
    {
        _telemetry = telemetry;
        _limiter = limiter;
        _logger = logger;
    }

    /// <summary>Total messages stored since start.</summary>
    public long AcceptedCount => Interlocked.Read(ref _accepted);

    public void RecordAccepted(MessageType type)
    {
        Interlocked.Increment(ref _accepted);
        _telemetry.RecordAccepted(type);
    }

    /// <summary>Counts one refusal and logs it unless the log budget of the current window is spent.</summary>
    /// <param name="reason">A §4 reason (not <see cref="DecodeError.None"/>).</param>
    /// <param name="source">The client id or topic the refusal concerns, for the log.</param>
    /// <param name="detail">The decoder's or policy's explanation, if any.</param>
    public void RecordRejected(DecodeError reason, string source, string? detail)
    {
        var name = RejectionReasons.Name(reason);
        Interlocked.Increment(ref _rejected[(int)reason]);
        _telemetry.RecordRejected(reason);

        if (reason == DecodeError.Duplicate)
        {
            // A QoS 1 redelivery is normal operation (§4: "counted, not an error"), so it stays out of the warnings.
            IngestLog.DuplicateIgnored(_logger, source, detail ?? "");
            return;
        }

        var permit = _limiter.TryAcquire();
        if (permit.SuppressedBefore > 0)
        {
            IngestLog.RejectionsSuppressed(_logger, permit.SuppressedBefore);
        }

        if (permit.Allowed)
        {
            IngestLog.UplinkRejected(_logger, name, source, detail ?? "");
        }
    }

    /// <summary>A consistent-enough copy of the counters (each counter is read atomically).</summary>
    public IngestStatsSnapshot Snapshot()
    {
        var rejected = new Dictionary<string, long>(RejectionReasons.All.Count);
        foreach (var reason in RejectionReasons.All)
        {
            rejected[RejectionReasons.Name(reason)] = Interlocked.Read(ref _rejected[(int)reason]);
        }

        return new IngestStatsSnapshot(AcceptedCount, rejected);
    }
}
