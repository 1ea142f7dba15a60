// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Applies <c>Storage:Retention</c>: at start and then every <see cref="RetentionOptions.SweepInterval"/> of the
/// injected <see cref="TimeProvider"/>, rolls old raw telemetry into hourly aggregates and deletes what expired.
/// A failed sweep is logged and the next tick tries again; nothing is lost by waiting.
/// </summary>
public sealed partial class TelemetryRetentionService(
    IFleetStore store,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<TelemetryRetentionService> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private long _completedSweeps;
    private TaskCompletionSource _nextSweep = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sweeps finished (successfully or not) since start.</summary>
    public long CompletedSweeps
    {
        get
        {
            lock (_gate)
            {
                return _completedSweeps;
            }
        }
    }

    /// <summary>Completes once <see cref="CompletedSweeps"/> reaches <paramref name="count"/> (tests wait on it).</summary>
    public async Task WaitForSweepsAsync(long count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_completedSweeps >= count)
                {
                    return;
                }

                next = _nextSweep.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One sweep at the provider's current time.</summary>
    public async Task<RetentionResult> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoffs = RetentionCutoffs.For(time.GetUtcNow(), options.Value.Retention);
        var result = await store.ApplyRetentionAsync(cutoffs, cancellationToken).ConfigureAwait(false);
        LogSwept(logger, result.RawTelemetryRolledUp, result.HourlyTelemetryDeleted, result.DetectionsDeleted);
        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Retention.SweepInterval, time);
        try
        {
            // Sweep at start too: a gateway restarted more often than the interval would otherwise never sweep.
            do
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(logger, ex);
                }

                SignalSweep();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; an interrupted sweep rolled back and runs again at the next start.
        }
    }

    private void SignalSweep()
    {
        TaskCompletionSource completed;
        lock (_gate)
        {
            _completedSweeps++;
            completed = _nextSweep;
            _nextSweep = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        completed.TrySetResult();
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information,
        Message = "Retention sweep: {RolledUp} raw telemetry rows rolled up, {Hourly} hourly aggregates and {Detections} detections deleted")]
    private static partial void LogSwept(ILogger logger, long rolledUp, long hourly, long detections);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Retention sweep failed; retrying at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
