// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Fleet.Sim.Energy;
using Fleet.Sim.Frames;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Hosted service that provisions the demo sensors through the host's <see cref="IVirtualSensorProvisioner"/> and
/// then runs each as an <see cref="AgentSensor"/> (the device agent over the firmware's detectors and model slots)
/// until the host stops. A failing wake is logged and retried at the next wake; one sensor's failures never stop
/// the others, and nothing here stops the host.
/// </summary>
public sealed class VirtualSensorFleet : BackgroundService
{
    private readonly IVirtualSensorProvisioner _provisioner;
    private readonly VirtualSensorFleetOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<VirtualSensorFleet> _logger;
    private readonly SensorEnergy? _energy;

    /// <summary>Created by DI (see <see cref="VirtualSensorServiceCollectionExtensions.AddVirtualSensorFleet"/>).</summary>
    public VirtualSensorFleet(IVirtualSensorProvisioner provisioner, IOptions<VirtualSensorFleetOptions> options,
        TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(provisioner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _provisioner = provisioner;
        _options = options.Value;
        _timeProvider = timeProvider;
        // Loaded here so a missing or bad profile stops the host at startup with the file named, not at first wake.
        if (_options.Enabled)
        {
            try
            {
                _energy = SensorEnergy.Load(_options.Energy);
            }
            catch (Fleet.Sim.Workload.ScenarioException ex)
            {
                throw new InvalidOperationException($"Demo:Energy: cannot load the sensors' power profiles: {ex.Message}", ex);
            }
        }

        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<VirtualSensorFleet>();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            VirtualSensorLog.FleetDisabled(_logger);
            return;
        }

        // Let host startup finish first: the broker and the device store are started by other hosted services.
        await Task.Yield();

        IReadOnlyList<VirtualSensorIdentity> identities;
        try
        {
            identities = await ProvisionAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // A broken demo must not take the gateway down with it.
            VirtualSensorLog.ProvisioningFailed(_logger, ex);
            return;
        }

        int seed = _options.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        VirtualSensorLog.FleetStarting(_logger, identities.Count, _options.BrokerHost, _options.BrokerPort,
            _options.WakeInterval, _options.TimeScale, seed);
        if (_energy is not null)
        {
            UnitCharges camera = DeviceEnergyModel.Units(_energy.CameraParameters);
            UnitCharges thermal = DeviceEnergyModel.Units(_energy.ThermalParameters);
            VirtualSensorLog.EnergyModel(_logger, _energy.Name, camera.WakeUc.Sum(), thermal.WakeUc.Sum(), camera.SleepUa);
        }

        // Real photos, crops and recordings when ../shared is beside the clone, drawn scenes otherwise.
        string? shared = SharedData.Locate();
        FrameLibrary frames = shared is null ? FrameLibrary.Synthetic() : FrameLibrary.FromShared(shared);
        using var detectors = new NativeDetectors(frames);
        RemoveStaleFlash();
        string flash = Path.Combine(Path.GetTempPath(), $"{FlashPrefix}{Environment.ProcessId}");
        using var runner = new VirtualFleetRunner(identities, DemoSensorOptions(flash), detectors, _timeProvider, seed,
            workerThreads: Math.Min(identities.Count, 8), _loggerFactory.CreateLogger<VirtualFleetRunner>());
        try
        {
            await runner.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            VirtualSensorLog.FleetStopped(_logger);
        }
    }

    // The demo's sensors: the agent at real speed, waking every WakeInterval (the desired config may change it, up
    // to MaxWakeInterval), a quick back-off so a broker that starts late is found within seconds, and the battery
    // time-compressed by TimeScale.
    private AgentSensorOptions DemoSensorOptions(string flashDirectory) => new()
    {
        BrokerHost = _options.BrokerHost,
        BrokerPort = _options.BrokerPort,
        WakeIntervalS = (uint)Math.Max(1, Math.Round(_options.WakeInterval.TotalSeconds)),
        TelemetryEvery = 1,
        ReportEmpty = true,
        MinWakeIntervalS = 1,
        Speed = 1.0,
        MaxRealSleep = _options.MaxWakeInterval,
        BatteryTimeScale = _options.TimeScale,
        ConnectTimeoutMs = (int)_options.ConnectTimeout.TotalMilliseconds,
        DownlinkWaitMs = Math.Max(1, (int)_options.DownlinkWindow.TotalMilliseconds),
        BackoffBaseS = 2,
        BackoffMaxS = 30,
        FlashDirectory = flashDirectory,
        Energy = _energy,
        TrustedPublicKey = _options.TrustedPublicKey,
    };

    private const string FlashPrefix = "fleet-demo-flash-";

    // A gateway that was killed leaves its sensors' flash images behind; the next demo removes those of processes
    // that no longer run.
    private static void RemoveStaleFlash()
    {
        foreach (string dir in Directory.EnumerateDirectories(Path.GetTempPath(), FlashPrefix + "*"))
        {
            if (!int.TryParse(Path.GetFileName(dir).AsSpan(FlashPrefix.Length), out int pid) || pid == Environment.ProcessId
                || Running(pid))
            {
                continue;
            }

            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another demo is cleaning it too, or it is not ours: leave it.
            }
        }
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<VirtualSensorIdentity>> ProvisionAsync(CancellationToken cancellationToken)
    {
        ResiliencePipeline pipeline = new ResiliencePipelineBuilder { TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                // The device store may still be opening when the host starts; anything but cancellation is retried.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = 5,
                Delay = TimeSpan.FromMilliseconds(500),
                BackoffType = DelayBackoffType.Exponential,
                OnRetry = args =>
                {
                    VirtualSensorLog.ProvisioningRetry(_logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    return default;
                },
            })
            .Build();
        return await pipeline.ExecuteAsync(
            async token => await _provisioner.ProvisionAsync(_options.SensorCount, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }
}
