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
    ILogger<UplinkWriter> logger) : BackgroundService
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

                var outcomes = await StoreWithRetryAsync(decoded, stoppingToken).ConfigureAwait(false);
                Count(decoded, outcomes);
                await AcknowledgeAsync(batch, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Whatever was not committed stays unacknowledged and comes back from the broker.
        }
    }

    private async Task<StoreOutcome[]> StoreWithRetryAsync(List<FleetMessage> decoded, CancellationToken stoppingToken)
    {
        while (true)
        {
            using var activity = telemetry.ActivitySource.StartActivity(GatewayTelemetry.IngestBatchActivityName);
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
                    break;
                case StoreOutcome.Duplicate:
                    duplicates++;
                    stats.RecordRejected(DecodeError.Duplicate, message.DeviceId,
                        $"{message.Type} already stored (QoS 1 redelivery)");
                    break;
                default:
                    unknown++;
                    stats.RecordRejected(DecodeError.UnknownDevice, message.DeviceId,
                        "uplink from a device that is not provisioned");
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
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                IngestLog.AcknowledgeFailed(logger, ex);
            }
        }
    }
}
