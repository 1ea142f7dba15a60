// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Gateway.Storage;

/// <summary>
/// <c>/health</c> turns unhealthy while the ingest writer cannot commit (full disk, database unreachable) and
/// healthy again after the next successful commit. Thread-safe.
/// </summary>
public sealed class StoreHealthCheck : IHealthCheck
{
    /// <summary>The name under which the check is registered.</summary>
    public const string Name = "store";

    private readonly Lock _gate = new();
    private Exception? _lastFailure;
    private long _consecutiveFailures;

    /// <summary>Failed attempts since the last successful commit.</summary>
    public long ConsecutiveFailures
    {
        get
        {
            lock (_gate)
            {
                return _consecutiveFailures;
            }
        }
    }

    public void RecordFailure(Exception exception)
    {
        lock (_gate)
        {
            _lastFailure = exception;
            _consecutiveFailures++;
        }
    }

    public void RecordSuccess()
    {
        lock (_gate)
        {
            _lastFailure = null;
            _consecutiveFailures = 0;
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_lastFailure is { } failure
                ? HealthCheckResult.Unhealthy(
                    $"{_consecutiveFailures} store commit(s) failed in a row; uplinks wait unacknowledged", failure)
                : HealthCheckResult.Healthy());
        }
    }
}
