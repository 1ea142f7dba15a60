// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.ScaleOut;

/// <summary>
/// Answers "may this instance run this pass now?". Without scale-out always yes. With it, the answer takes or renews
/// the named lease; a pass is expected to end well within <see cref="ScaleOutOptions.LeaseDuration"/>, and when
/// its holder dies the lease expires and the next instance that asks takes it over.
/// </summary>
public sealed partial class ScaleOutLeases(
    LeaseStore store,
    IOptions<ScaleOutOptions> options,
    GatewayInstance instance,
    ScaleOutMetrics metrics,
    TimeProvider time,
    ILogger<ScaleOutLeases> logger)
{
    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);

    public async Task<bool> HoldsAsync(string lease, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return true;
        }

        bool holds;
        try
        {
            holds = await store.TryAcquireAsync(lease, instance.Id, time.GetUtcNow(), options.Value.LeaseDuration,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Without the database nobody can prove the lease: skip this pass rather than risk running it twice.
            LogLeaseFailed(logger, lease, ex);
            holds = false;
        }

        var before = _held.GetValueOrDefault(lease);
        _held[lease] = holds;
        metrics.SetLeaseHeld(lease, holds);
        if (holds != before)
        {
            LogLeaseChanged(logger, lease, instance.Id, holds ? "took" : "does not hold");
        }

        return holds;
    }

    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Lease {Lease}: instance {Instance} {Change} it")]
    private static partial void LogLeaseChanged(ILogger logger, string lease, string instance, string change);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Lease {Lease} could not be checked; skipping this pass")]
    private static partial void LogLeaseFailed(ILogger logger, string lease, Exception exception);
}
