// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;

namespace Fleet.Gateway.Models;

/// <summary>Counters of model uploads on the gateway's meter.</summary>
public sealed class ModelMetrics
{
    public const string AcceptedName = "fleet.gateway.models.accepted";
    public const string RejectedName = "fleet.gateway.models.rejected";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Dictionary<string, long> _rejectedByReason = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ModelMetrics(GatewayTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        _accepted = telemetry.Meter.CreateCounter<long>(AcceptedName, unit: "{model}",
            description: "Model uploads verified, inspected and stored");
        _rejected = telemetry.Meter.CreateCounter<long>(RejectedName, unit: "{model}",
            description: "Model uploads refused, by reason (docs/model-signing.md)");
    }

    public void RecordAccepted() => _accepted.Add(1);

    public void RecordRejected(string reason)
    {
        _rejected.Add(1, new KeyValuePair<string, object?>(GatewayTelemetry.ReasonTag, reason));
        lock (_lock)
        {
            _rejectedByReason[reason] = _rejectedByReason.GetValueOrDefault(reason) + 1;
        }
    }

    /// <summary>Refusals so far by reason (the API's view of the counter).</summary>
    public IReadOnlyDictionary<string, long> RejectedByReason()
    {
        lock (_lock)
        {
            return new Dictionary<string, long>(_rejectedByReason, StringComparer.Ordinal);
        }
    }
}
