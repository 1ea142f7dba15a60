// SPDX-License-Identifier: MIT
using Fleet.Gateway.Devices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Alerts;

/// <summary>
/// Runs the <see cref="AlertEvaluator"/> at start, on every tick of a <see cref="PeriodicTimer"/> driven by the
/// injected <see cref="TimeProvider"/> (missed wakes only show with time), and after ingest changes (coalesced
/// by <see cref="AlertOptions.MinChangeInterval"/>). A failed evaluation is logged and the loop goes on.
/// </summary>
public sealed partial class AlertEvaluationService(
    AlertEvaluator evaluator,
    DeviceChangeSignal changes,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertEvaluationService> logger,
    ScaleOut.ScaleOutLeases? leases = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var timer = new PeriodicTimer(o.EvaluationInterval, time);
        Task<bool>? tick = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Read the version before evaluating, so a change that lands during the evaluation triggers another.
                var seen = changes.Version;
                try
                {
                    // Scale-out: the lease holder raises and clears alerts for the whole fleet, the others skip.
                    if (leases is null
                        || await leases.HoldsAsync(ScaleOut.LeaseNames.AlertPasses, stoppingToken).ConfigureAwait(false))
                    {
                        await evaluator.EvaluateAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogEvaluationFailed(logger, ex);
                }

                // PeriodicTimer allows one pending wait at a time: keep the tick task across change wake-ups.
                tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
                var change = changes.WaitForChangeAsync(seen, stoppingToken);
                var first = await Task.WhenAny(tick, change).ConfigureAwait(false);
                if (first == tick)
                {
                    if (!await tick.ConfigureAwait(false))
                    {
                        return;
                    }

                    tick = null;
                }
                else
                {
                    await change.ConfigureAwait(false);
                    await Task.Delay(o.MinChangeInterval, time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Alert evaluation failed; retrying on the next trigger")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception);
}
