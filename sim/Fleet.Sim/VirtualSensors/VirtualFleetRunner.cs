// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Runs a fleet of <see cref="AgentSensor"/>s: each sleeps on its own accelerated clock and wakes on one of a
/// fixed set of <see cref="WakeWorkers"/>; first wakes are spread over one wake interval so the fleet does not
/// report in the same instant. Tracks how many sensors are awake (connecting or connected) at once: sleepy
/// sensors hold no connection between wakes.
/// </summary>
public sealed class VirtualFleetRunner : IDisposable
{
    private readonly AgentSensorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WakeWorkers _workers;
    private readonly long _started;
    private int _awake;
    private int _maxAwake;

    public VirtualFleetRunner(IReadOnlyList<VirtualSensorIdentity> identities, AgentSensorOptions options, NativeDetectors detectors,
        TimeProvider time, int seed, int workerThreads, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(options);
        // One untrusted key for the whole fleet when none is given: a key pair per sensor costs milliseconds each.
        options.TrustedPublicKey ??= AgentSensor.NewRandomKey();
        _options = options;
        _time = time;
        _logger = logger;
        _started = time.GetTimestamp();
        _workers = new WakeWorkers(workerThreads);
        // Each blocked wake waits on MQTTnet continuations that run on the pool; with the pool's default minimum
        // (one thread per core) it grows one thread at a time and wakes stall for seconds at start.
        ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, (2 * workerThreads) + 8), minIo);
        var sensors = new AgentSensor[identities.Count];
        for (int i = 0; i < sensors.Length; i++)
        {
            // Distinct, reproducible seeds per sensor; the prime spreads neighbouring seeds apart.
            sensors[i] = new AgentSensor(identities[i], options, detectors, time, unchecked(seed + (i * 7919)), BrokerOutageNow);
        }

        Sensors = sensors;
    }

    public IReadOnlyList<AgentSensor> Sensors { get; }

    /// <summary>Sensors in a wake right now.</summary>
    public int AwakeNow => Volatile.Read(ref _awake);

    /// <summary>Most sensors in a wake at the same time so far.</summary>
    public int MaxAwake => Volatile.Read(ref _maxAwake);

    /// <summary>True inside an injected broker outage window (see <see cref="FaultOptions.BrokerOutageEvery"/>).</summary>
    public bool BrokerOutageNow()
    {
        if (_options.Faults.BrokerOutageEvery is not { } every || every <= TimeSpan.Zero)
        {
            return false;
        }

        TimeSpan elapsed = _time.GetElapsedTime(_started);
        long phase = elapsed.Ticks % every.Ticks;
        return phase >= (every - _options.Faults.BrokerOutageFor).Ticks;
    }

    /// <summary>Runs every sensor until <paramref name="stoppingToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stoppingToken)
    {
        var loops = new Task[Sensors.Count];
        TimeSpan firstInterval = TimeSpan.FromSeconds(_options.WakeIntervalS) / _options.Speed;
        if (_options.MaxRealSleep is { } cap && firstInterval > cap)
        {
            firstInterval = cap;
        }

        for (int i = 0; i < loops.Length; i++)
        {
            loops[i] = RunSensorAsync(Sensors[i], firstInterval * i / loops.Length, stoppingToken);
        }

        return Task.WhenAll(loops);
    }

    public FleetSummary Summarize(double elapsedS, string frames, long baselineWorkingSet)
    {
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        return FleetSummary.From([.. Sensors.Select(s => s.Counters)], elapsedS, _options.Speed, frames, MaxAwake,
            self.WorkingSet64, baselineWorkingSet);
    }

    public void Dispose()
    {
        _workers.Dispose();
        foreach (AgentSensor sensor in Sensors)
        {
            sensor.Dispose();
        }

        try
        {
            Directory.Delete(_options.FlashDirectory); // empty now; left alone if something else is in it
        }
        catch (IOException)
        {
        }
    }

    private async Task RunSensorAsync(AgentSensor sensor, TimeSpan firstWake, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(firstWake, _time, stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await _workers.RunAsync(() => Wake(sensor), stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    sensor.Counters.WakeErrors++;
                    VirtualSensorLog.WakeFailed(_logger, sensor.Identity.DeviceId, ex);
                }

                await sensor.Clock.SleepAsync(sensor.NextWake, stoppingToken, _options.MaxRealSleep).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped. A wake cut short leaves no DISCONNECT, so the broker publishes the sensor's will.
        }
    }

    private bool Wake(AgentSensor sensor)
    {
        int awake = Interlocked.Increment(ref _awake);
        int max;
        while (awake > (max = Volatile.Read(ref _maxAwake)) && Interlocked.CompareExchange(ref _maxAwake, awake, max) != max)
        {
        }

        try
        {
            bool completed = sensor.RunWake() is not null;
            WakeActivity a = sensor.LastWakeActivity;
            VirtualSensorLog.WakeDrained(_logger, sensor.Identity.DeviceId, sensor.Counters.Wakes, a.Sessions, a.Messages, a.Bytes, a.Faces,
                sensor.LastWakeChargeUah);
            return completed;
        }
        finally
        {
            Interlocked.Decrement(ref _awake);
        }
    }
}
