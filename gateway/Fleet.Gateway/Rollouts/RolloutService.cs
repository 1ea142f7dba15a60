// SPDX-License-Identifier: MIT
using System.Threading.Channels;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Bridge;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Rollouts;

/// <summary>
/// Drives the <see cref="RolloutEngine"/>: takes committed OTA requests, OTA results, statuses, telemetry and
/// detections with a box from
/// the ingest writer (so it sees exactly what was stored, from every device, whichever broker), hands them to the
/// engine in batches, and ticks it every <see cref="RolloutOptions.EvaluationInterval"/> of the
/// <see cref="TimeProvider"/> for deadlines, stalls and battery recoveries.
/// </summary>
public sealed partial class RolloutService(
    RolloutEngine engine,
    IOptions<RolloutOptions> options,
    TimeProvider time,
    ILogger<RolloutService> logger,
    ScaleOut.ScaleOutLeases? leases = null) : BackgroundService, IUplinkCommitObserver
{
    private readonly Channel<FleetMessage> _events = Channel.CreateUnbounded<FleetMessage>(
        new UnboundedChannelOptions { SingleReader = true });

    public void OnCommitted(FleetMessage message)
    {
        // Detections only with a box: the detection-rate guard counts nothing else, and empty events are most of them.
        if (message is OtaChunkRequest or OtaResult or StatusMessage or Telemetry or DetectionEvent { Boxes.Count: > 0 })
        {
            _events.Writer.TryWrite(message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await engine.LoadAsync(stoppingToken).ConfigureAwait(false);
        var interval = options.Value.EvaluationInterval;
        var nextTick = time.GetUtcNow();
        Task? delay = null;
        var batch = new List<FleetMessage>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var remaining = nextTick - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    // Scale-out: one instance runs the periodic pass; events are handled wherever they were stored.
                    if (leases is null
                        || await leases.HoldsAsync(ScaleOut.LeaseNames.RolloutTicks, stoppingToken).ConfigureAwait(false))
                    {
                        await RunAsync(() => engine.TickAsync(stoppingToken)).ConfigureAwait(false);
                    }

                    nextTick = time.GetUtcNow() + interval;
                    delay = null;
                    continue;
                }

                // One timer per tick, kept across event wake-ups, so a clock moved by a test fires it exactly once.
                delay ??= Task.Delay(remaining, time, stoppingToken);
                var readable = _events.Reader.WaitToReadAsync(stoppingToken).AsTask();
                var first = await Task.WhenAny(delay, readable).ConfigureAwait(false);
                if (first == delay)
                {
                    await delay.ConfigureAwait(false);
                    delay = null;
                    continue;
                }

                batch.Clear();
                while (batch.Count < 512 && _events.Reader.TryRead(out var message))
                {
                    batch.Add(message);
                }

                if (batch.Count > 0)
                {
                    await RunAsync(() => engine.HandleAsync(batch, stoppingToken)).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; rollout state is persisted after every change.
        }
    }

    private async Task RunAsync(Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed publish or write must not stop rollouts: the next event or tick tries again.
            LogStepFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 4810, Level = LogLevel.Error, Message = "Rollout step failed; retrying at the next event or tick")]
    private static partial void LogStepFailed(ILogger logger, Exception exception);
}
