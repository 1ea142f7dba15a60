// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Fleet.Gateway.ScaleOut;

/// <summary>
/// <c>fleet.gateway.scaleout.lease.held</c> (1 while this instance holds the lease named by tag <c>lease</c>) and
/// <c>fleet.gateway.scaleout.sessions.adopted</c> (dead instances' sessions drained here).
/// </summary>
public sealed class ScaleOutMetrics
{
    public const string LeaseHeldName = "fleet.gateway.scaleout.lease.held";
    public const string SessionsAdoptedName = "fleet.gateway.scaleout.sessions.adopted";

    private readonly ConcurrentDictionary<string, int> _held = new(StringComparer.Ordinal);
    private readonly Counter<long> _adopted;

    public ScaleOutMetrics(GatewayTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        telemetry.Meter.CreateObservableGauge(LeaseHeldName, Observe, "{lease}",
            "1 while this gateway instance holds the lease");
        _adopted = telemetry.Meter.CreateCounter<long>(SessionsAdoptedName, "{session}",
            "MQTT sessions of dead gateway instances drained by this instance");
    }

    public void SetLeaseHeld(string lease, bool held) => _held[lease] = held ? 1 : 0;

    public void SessionAdopted() => _adopted.Add(1);

    private IEnumerable<Measurement<int>> Observe() =>
        _held.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("lease", p.Key)));
}
