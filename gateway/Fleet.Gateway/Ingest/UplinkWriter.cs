// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Gateway.Ingest;

/// <summary>
/// The single store writer: drains the <see cref="IngestQueue"/> in batches, stores each batch in one
/// transaction, then acknowledges every message of the batch in arrival order. If the process dies before the
/// commit nothing was acknowledged, so the broker redelivers and the dedup key absorbs the repeats. A commit that
/// fails (full disk, lost database connection) is retried through <see cref="StoreResilience"/> and then again
/// every <see cref="RetryDelay"/>, holding the batch, and with it the queue, unacknowledged until it commits.
/// </summary>
public sealed class UplinkWriter(
    IngestQueue queue,
    IFleetStore store,
    StoreResilience resilience,
    IngestStats stats,
    DeviceChangeSignal changes,
    GatewayTelemetry telemetry,
    TimeProvider time,
    ILogger<UplinkWriter> logger,
    IEnumerable<Bridge.IUplinkCommitObserver>? commitObservers = null) : BackgroundService
{
    /// <summary>Most messages per transaction; larger batches amortise the commit, smaller ones ack sooner.</summary>
    public const int MaxBatchSize = 256;

    /// <summary>Pause before retrying a batch whose transaction failed.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingUplink>(MaxBatchSize);
        var decoded = new List<FleetMessage>(MaxBatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatchSize && queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                decoded.Clear();
                foreach (var item in batch)
                {
                    if (item.Message is { } message)
                    {
                        decoded.Add(message);
                    }
                }

                var outcomes = await StoreWithRetryAsync(batch, decoded, stoppingToken).ConfigureAwait(false);
                Count(decoded, outcomes);
                await AcknowledgeAsync(batch, stoppingToken).ConfigureAwait(false);
                EndMessageActivities(batch, outcomes);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Whatever was not committed stays unacknowledged and comes back from the broker.
        }
    }

    private async Task<StoreOutcome[]> StoreWithRetryAsync(List<PendingUplink> batch, List<FleetMessage> decoded,
        CancellationToken stoppingToken)
    {
        while (true)
        {
            using var activity = StartBatchActivity(batch);
            activity?.SetTag(GatewayTelemetry.BatchSizeTag, decoded.Count);
            try
            {
                return await resilience.ExecuteAsync(
                    ct => store.StoreBatchAsync(decoded, time.GetUtcNow(), ct), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Past the quick retries (a full disk stays full for a while) or not transient at all: keep the batch
                // unacknowledged and try again rather than drop it; /health reports the failure meanwhile.
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                IngestLog.BatchStoreFailed(logger, decoded.Count, ex);
            }

            await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The batch's span, linked to each message's span: a batch holds messages of many traces, so it cannot be a
    /// child of them all (OpenTelemetry's convention for batch consumers).
    /// </summary>
    private Activity? StartBatchActivity(List<PendingUplink> batch)
    {
        var source = telemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        List<ActivityLink>? links = null;
        foreach (var item in batch)
        {
            if (item.Activity is { } messageActivity)
            {
                (links ??= new List<ActivityLink>(batch.Count)).Add(new ActivityLink(messageActivity.Context));
            }
        }

        // No parent: the writer's loop has none, and the messages' traces are reached through the links.
        return source.StartActivity(GatewayTelemetry.IngestBatchActivityName, ActivityKind.Internal,
            parentContext: default, links: links);
    }

    /// <summary>Ends each message's span with its outcome, now that it is committed (or rejected) and acknowledged.</summary>
    private static void EndMessageActivities(List<PendingUplink> batch, StoreOutcome[] outcomes)
    {
        // Stopping a span makes its parent current; these spans' parents are remote, so keep the writer's own.
        var current = Activity.Current;
        var next = 0; // outcomes are in the order of the decoded messages, which keep the batch's order
        foreach (var item in batch)
        {
            var outcome = item.Message is null
                ? RejectionReasons.Name(item.Rejection)
                : OutcomeName(outcomes[next++]);
            if (item.Activity is { } activity)
            {
                activity.SetTag(GatewayTelemetry.OutcomeTag, outcome);
                activity.Stop();
            }
        }

        Activity.Current = current;
    }

    private static string OutcomeName(StoreOutcome outcome) => outcome switch
    {
        StoreOutcome.Stored => "stored",
        StoreOutcome.Duplicate => RejectionReasons.Name(DecodeError.Duplicate),
        _ => RejectionReasons.Name(DecodeError.UnknownDevice),
    };

    private void Count(List<FleetMessage> decoded, StoreOutcome[] outcomes)
    {
        int stored = 0, duplicates = 0, unknown = 0;
        for (var i = 0; i < outcomes.Length; i++)
        {
            var message = decoded[i];
            switch (outcomes[i])
            {
                case StoreOutcome.Stored:
                    stored++;
                    stats.RecordAccepted(message.Type);
                    // After the commit, so a bridge forwards only what is stored; observers queue and return at once.
                    foreach (var observer in commitObservers ?? [])
                    {
                        observer.OnCommitted(message);
                    }

                    break;
                case StoreOutcome.Duplicate:
                    duplicates++;
                    stats.RecordRejected(DecodeError.Duplicate, message.DeviceId,
                        $"{message.Type} already stored (QoS 1 redelivery)");
                    break;
                default:
                    unknown++;
                    stats.RecordRejected(DecodeError.UnknownDevice, message.DeviceId,
                        "uplink from a device that is not provisioned or is retired");
                    break;
            }
        }

        IngestLog.BatchStored(logger, stored, duplicates, unknown);
        if (stored > 0)
        {
            changes.NotifyChanged();
        }
    }

    private async Task AcknowledgeAsync(List<PendingUplink> batch, CancellationToken stoppingToken)
    {
        foreach (var item in batch)
        {
            try
            {
                await item.Delivery.AcknowledgeAsync(stoppingToken).ConfigureAwait(false);
                item.Acknowledged?.TrySetResult();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                IngestLog.AcknowledgeFailed(logger, ex);
                item.Acknowledged?.TrySetException(ex);
            }
        }
    }
}
