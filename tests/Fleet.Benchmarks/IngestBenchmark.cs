// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Fleet.Benchmarks;

/// <summary>
/// One run, two phases on one Mosquitto and the same device connections: first the peer (a counting subscriber,
/// no gateway), then the gateway (child process, SQLite) with the same load. Every wait is bounded in time.
/// </summary>
public static class IngestBenchmark
{
    /// <summary>Longest wait for the tail after the load stops (a saturated run drains a backlog).</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(180);

    /// <summary>A phase ends early when nothing more has arrived for this long (lost messages never arrive).</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(10);

    /// <summary>Messages sent this early in a phase are left out of the steady-state latency.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static async Task<IngestReport> RunAsync(IngestSettings settings, TimeProvider time, TextWriter progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        using var broker = await MosquittoProcess.StartAsync(cancellationToken);
        var ids = DeviceLoad.Ids(settings.Devices);
        await progress.WriteLineAsync($"mosquitto pid {broker.ProcessId} on {broker.Port}; connecting {ids.Count} devices");
        await using var load = await DeviceLoad.ConnectAsync(broker.Port, ids, cancellationToken);

        // Phase 1: raw Mosquitto fan-in.
        var sent = new long[settings.MessageCap];
        var arrived = new long[settings.MessageCap];
        PhaseFigures raw;
        using (var subscriber = await RawFanInSubscriber.StartAsync(broker.Port, load, arrived, time,
            cancellationToken))
        {
            await progress.WriteLineAsync("phase 1: raw fan-in");
            var start = time.GetTimestamp();
            var result = await load.RunAsync(settings, sent, time, cancellationToken);
            await WaitForAsync(() => subscriber.Received, result.Acked, time, cancellationToken);
            raw = Figures("mosquitto fan-in (counting subscriber)", result, subscriber.Received, start,
                subscriber.LastArrival, sent, arrived, time);
        }

        // Phase 2: the gateway, durable.
        var brokerMemory = ProcessMemory.Read(broker.ProcessId);
        using var gateway = await GatewayChild.StartAsync(broker.Port, cancellationToken);
        await progress.WriteLineAsync($"phase 2: gateway pid {gateway.ProcessId}; provisioning {ids.Count} devices");
        await gateway.ProvisionAsync(ids, cancellationToken);
        var idle = ProcessMemory.Read(gateway.ProcessId);
        Array.Clear(sent);
        var committed = new long[settings.MessageCap];
        var observer = new StoreCommitObserver();
        using var stopObserver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var observing = observer.RunAsync(gateway.DatabasePath, load, committed, time, stopObserver.Token);
        await progress.WriteLineAsync("phase 2: load");
        var gatewayStart = time.GetTimestamp();
        var gatewayLoad = await load.RunAsync(settings, sent, time, cancellationToken);
        var underLoad = ProcessMemory.Read(gateway.ProcessId);
        await WaitForAsync(() => observer.Rows, gatewayLoad.Acked, time, cancellationToken);
        var afterDrain = ProcessMemory.Read(gateway.ProcessId);
        await stopObserver.CancelAsync();
        try
        {
            await observing;
        }
        catch (OperationCanceledException) when (stopObserver.IsCancellationRequested)
        {
            // Stopped on purpose.
        }

        var durable = Figures("gateway durable ingest (SQLite commit)", gatewayLoad, observer.Rows, gatewayStart,
            observer.LastCommit, sent, committed, time);
        return new IngestReport(settings, raw, durable, idle, underLoad, afterDrain, brokerMemory,
            Environment.ProcessorCount, LoadAverage());
    }

    private static PhaseFigures Figures(string name, LoadResult load, long delivered, long start, long last,
        long[] sent, long[] done, TimeProvider time)
    {
        var seconds = last > start ? (last - start) / (double)time.TimestampFrequency : double.NaN;
        var steadyFrom = start + (long)(WarmUp.TotalSeconds * time.TimestampFrequency);
        return new PhaseFigures(name, load, delivered, delivered / seconds,
            LatencySummary.From(sent, done, time.TimestampFrequency),
            LatencySummary.From(sent, done, time.TimestampFrequency, steadyFrom));
    }

    /// <summary>Waits until <paramref name="count"/> reaches <paramref name="target"/>, stalls, or the drain limit.</summary>
    private static async Task WaitForAsync(Func<long> count, long target, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var lastProgress = start;
        var seen = count();
        while (seen < target && time.GetElapsedTime(start) < DrainLimit
            && time.GetElapsedTime(lastProgress) < StallLimit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
            var now = count();
            if (now != seen)
            {
                seen = now;
                lastProgress = time.GetTimestamp();
            }
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
