// SPDX-License-Identifier: MIT
using Fleet.Gateway.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.ScaleOut;

/// <summary>
/// Scale-out only. Every <see cref="ScaleOutOptions.RenewInterval"/>: renews this instance's liveness lease
/// (<c>instance:{id}</c>); and, on the one instance holding the session-reaper lease, adopts the MQTT ingest session
/// of every instance whose liveness lease has expired (<see cref="IngestClient.DrainSessionAsync"/>), so the uplinks
/// the broker queued for a dead instance are stored by the living ones, and the dead session leaves the share group.
/// </summary>
public sealed partial class InstanceLivenessService(
    IOptions<ScaleOutOptions> options,
    GatewayInstance instance,
    LeaseStore store,
    ScaleOutLeases leases,
    ScaleOutMetrics metrics,
    IngestClient ingest,
    TimeProvider time,
    ILogger<InstanceLivenessService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }

        // Adopting sessions needs the writer pipeline running; the first subscription shows it is.
        await ingest.Subscribed.WaitAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(o.RenewInterval, time);
        try
        {
            do
            {
                try
                {
                    await RenewAsync(o, stoppingToken).ConfigureAwait(false);
                    if (await leases.HoldsAsync(LeaseNames.SessionReaper, stoppingToken).ConfigureAwait(false))
                    {
                        await ReapAsync(o, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Includes a drain that ran out of time: the next round tries again.
                    LogPassFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the liveness lease expires by itself, then a peer drains what the broker still holds.
        }
    }

    private async Task RenewAsync(ScaleOutOptions o, CancellationToken cancellationToken)
    {
        if (!await store.TryAcquireAsync(LeaseNames.InstancePrefix + instance.Id, instance.Id, time.GetUtcNow(),
                o.LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            // The lease's holder is always the instance id itself, so this cannot happen unless the table is edited.
            LogRenewRefused(logger, instance.Id);
        }
    }

    private async Task ReapAsync(ScaleOutOptions o, CancellationToken cancellationToken)
    {
        // Expired for a whole further lease duration: a live instance that renewed late (a stalled machine, a long
        // GC pause) must not have its session taken over; only the silent ones are adopted.
        var expired = await store.ListExpiredAsync(LeaseNames.InstancePrefix, time.GetUtcNow() - o.LeaseDuration,
            cancellationToken).ConfigureAwait(false);
        foreach (var (name, holder) in expired)
        {
            if (holder == instance.Id)
            {
                continue;
            }

            LogAdopting(logger, holder);
            // Bounded, so one stuck drain cannot stop this instance renewing its own lease.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(o.LeaseDuration + (20 * o.DrainIdle));
            var (completed, messages) = await ingest.DrainSessionAsync(instance.IngestClientIdOf(holder), o.DrainIdle,
                limit.Token).ConfigureAwait(false);
            if (!completed)
            {
                // It came back (and took its session over) or the broker refused: look again next round.
                LogAdoptionIncomplete(logger, holder, messages);
                continue;
            }

            await store.DeleteIfExpiredAsync(name, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            metrics.SessionAdopted();
            LogAdopted(logger, holder, messages);
        }
    }

    [LoggerMessage(EventId = 6110, Level = LogLevel.Warning,
        Message = "Instance {Instance} stopped renewing its lease; adopting its ingest session")]
    private static partial void LogAdopting(ILogger logger, string instance);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Information,
        Message = "Drained and ended the ingest session of instance {Instance}: {Messages} messages")]
    private static partial void LogAdopted(ILogger logger, string instance, int messages);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Information,
        Message = "Ingest session of instance {Instance} not ended ({Messages} messages drained); retrying next round")]
    private static partial void LogAdoptionIncomplete(ILogger logger, string instance, int messages);

    [LoggerMessage(EventId = 6113, Level = LogLevel.Error,
        Message = "Liveness lease of instance {Instance} is held by someone else: is the instance id used twice?")]
    private static partial void LogRenewRefused(ILogger logger, string instance);

    [LoggerMessage(EventId = 6114, Level = LogLevel.Warning, Message = "Scale-out liveness pass failed; retrying next round")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
