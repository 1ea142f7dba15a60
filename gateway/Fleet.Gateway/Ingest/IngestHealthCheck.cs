// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Gateway.Ingest;

/// <summary>
/// <c>/health</c> reports <c>Degraded</c> while the ingest client is not subscribed at the broker (starting, or the
/// broker is unreachable and the client retries): the API still answers, but no uplink arrives. Degraded rather than
/// Unhealthy because the gateway itself is fine and a restart would not bring the broker back; the status code stays
/// 200 so liveness probes do not restart it, and the body says why for operators and monitors.
/// </summary>
public sealed class IngestHealthCheck(IngestClient ingest) : IHealthCheck
{
    /// <summary>The name under which the check is registered.</summary>
    public const string Name = "ingest";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(ingest.IsReceiving
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded(ingest.SubscriptionCount == 0
                ? "the ingest client has not subscribed at the broker yet; no uplink is received"
                : "the ingest client lost the broker and is reconnecting; no uplink is received meanwhile"));
}
