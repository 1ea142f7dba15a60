// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Hosted service that provisions the demo sensors through the host's <see cref="IVirtualSensorProvisioner"/> and
/// then runs each <see cref="VirtualSensor"/> on its own wake loop until the host stops. A failing wake is logged and
/// retried at the next wake; one sensor's failures never stop the others, and nothing here stops the host.
/// </summary>
public sealed class VirtualSensorFleet : BackgroundService
{
    private readonly IVirtualSensorProvisioner _provisioner;
    private readonly VirtualSensorFleetOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<VirtualSensorFleet> _logger;

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

        ILogger<VirtualSensor> sensorLogger = _loggerFactory.CreateLogger<VirtualSensor>();
        Task[] loops = new Task[identities.Count];
        for (int i = 0; i < identities.Count; i++)
        {
            // Distinct, reproducible seeds per sensor; the prime spreads neighbouring seeds apart.
            VirtualSensor sensor = new(identities[i], _options, _timeProvider, sensorLogger, unchecked(seed + (i * 7919)));
            // Stagger the first wakes across one interval, so the sensors do not all report in the same instant.
            TimeSpan firstWake = _options.WakeInterval * i / identities.Count;
            loops[i] = RunSensorAsync(sensor, firstWake, stoppingToken);
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        VirtualSensorLog.FleetStopped(_logger);
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

    private async Task RunSensorAsync(VirtualSensor sensor, TimeSpan firstWake, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(firstWake, _timeProvider, stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await sensor.WakeAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex)
                {
                    VirtualSensorLog.WakeFailed(_logger, sensor.Identity.DeviceId, ex);
                }

                await Task.Delay(sensor.WakeInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown. A wake cut short leaves no DISCONNECT, so the broker publishes the sensor's will:
            // exactly what a real sensor losing power would cause.
        }
    }
}
