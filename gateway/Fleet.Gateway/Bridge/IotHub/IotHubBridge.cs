// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Devices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// Forwards committed detections and telemetry to IoT Hub (one MQTT connection per device), writes reported
/// configs to the twin over REST, applies twin desired properties as desired config, and renews SAS tokens
/// before they expire. A message that still fails after the pipeline's retries (or while its circuit is open)
/// is dropped and counted: the store holds it, and ingest never waits for the hub.
/// </summary>
public sealed class IotHubBridge : BackgroundService
{
    /// <summary>Reported property that carries the last refusal of desired properties (null once one applies).</summary>
    public const string ConfigErrorProperty = "fleetConfigError";

    /// <summary>Twin tag under which the device's reported config is written over REST.</summary>
    public const string ReportedTag = "fleetReported";

    private readonly IotHubForwardQueue _queue;
    private readonly IotHubTokenSource _tokens;
    private readonly IotHubRestClient _rest;
    private readonly IotHubDesiredConfigApplier _applier;
    private readonly IotHubTelemetry _telemetry;
    private readonly IotHubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IotHubBridge> _logger;
    private readonly ResiliencePipeline _mqtt;
    private readonly ConcurrentDictionary<string, IotHubDeviceConnection> _connections = new(StringComparer.Ordinal);
    private readonly Channel<IotHubDesiredUpdate> _desired = Channel.CreateBounded<IotHubDesiredUpdate>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public IotHubBridge(IotHubForwardQueue queue, IotHubTokenSource tokens, IotHubRestClient rest,
        IotHubDesiredConfigApplier applier, IotHubTelemetry telemetry, IOptions<IotHubOptions> options,
        TimeProvider time, ILogger<IotHubBridge> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _tokens = tokens;
        _rest = rest;
        _applier = applier;
        _telemetry = telemetry;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _mqtt = IotHubResilience.Create(IotHubResilience.MqttPipeline, _options, telemetry, time);
    }

    /// <summary>The open (or last opened) connection of a device, if the bridge has one.</summary>
    public IotHubDeviceConnection? FindConnection(string deviceId) => _connections.GetValueOrDefault(deviceId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IotHubLog.Started(_logger, _options.HostName, _options.MqttHost ?? _options.HostName, _options.MqttPort, _options.UseTls);
        var renewals = RenewLoopAsync(stoppingToken);
        var desired = DesiredLoopAsync(stoppingToken);
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await ForwardAsync(message, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever is still queued is in the store.
        }

        await Task.WhenAll(renewals, desired).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connections.Clear();
    }

    /// <summary>Re-opens every connection whose token is due for renewal (also run by the periodic check).</summary>
    public async Task RenewDueTokensAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.IsConnected && connection.Token is { } token && _tokens.IsDueForRenewal(token))
            {
                try
                {
                    await _mqtt.ExecuteAsync(ct => new ValueTask(connection.EnsureConnectedAsync(ct)), cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    IotHubLog.RenewFailed(_logger, connection.DeviceId, ex);
                }
            }
        }
    }

    private async Task ForwardAsync(FleetMessage message, CancellationToken stoppingToken)
    {
        var kind = message.Type switch
        {
            MessageType.Detection => "detection",
            MessageType.Telemetry => "telemetry",
            _ => "reportedConfig",
        };
        try
        {
            if (message is ReportedConfig reported)
            {
                if (!_tokens.HasServiceKey)
                {
                    return;
                }

                var fields = IotHubTwinMapper.ToTwinFields(reported.Config);
                fields["applyResult"] = ApplyResultName(reported.ApplyResult);
                fields["receivedAt"] = _time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                await _rest.PatchTwinAsync(reported.DeviceId,
                    new JsonObject { ["tags"] = new JsonObject { [ReportedTag] = fields } }, stoppingToken).ConfigureAwait(false);
                _telemetry.RecordReportedWritten();
                return;
            }

            if (!_tokens.CanConnect(message.DeviceId))
            {
                IotHubLog.NoCredential(_logger, message.DeviceId, kind);
                return;
            }

            var body = Encoding.UTF8.GetBytes(IotHubTwinMapper.ToEvent(message).ToJsonString());
            var connection = Connection(message.DeviceId);
            await _mqtt.ExecuteAsync(ct => new ValueTask(connection.PublishEventAsync(kind, body, ct)), stoppingToken)
                .ConfigureAwait(false);
            _telemetry.RecordForwarded(kind);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Includes BrokenCircuitException: while the circuit is open messages fail fast instead of piling up.
            _telemetry.RecordFailed(kind);
            if (ex is not BrokenCircuitException)
            {
                IotHubLog.ForwardFailed(_logger, kind, message.DeviceId, ex);
            }
        }
    }

    private async Task RenewLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RenewCheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RenewDueTokensAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DesiredLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in _desired.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await ApplyDesiredAsync(update, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    IotHubLog.DesiredFailed(_logger, update.DeviceId, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ApplyDesiredAsync(IotHubDesiredUpdate update, CancellationToken stoppingToken)
    {
        var result = await _applier.ApplyAsync(update, stoppingToken).ConfigureAwait(false);
        if (result.IsEmpty)
        {
            return;
        }

        JsonNode? error = null;
        if (result.IsSuccess)
        {
            _telemetry.RecordDesiredApplied();
            IotHubLog.DesiredApplied(_logger, update.DeviceId, result.Config!.ConfigVersion);
        }
        else
        {
            _telemetry.RecordDesiredRejected();
            var errors = new JsonObject();
            foreach (var (field, message) in result.Errors)
            {
                errors[field] = message;
            }

            IotHubLog.DesiredRejected(_logger, update.DeviceId, errors.ToJsonString());
            error = new JsonObject
            {
                ["errors"] = errors,
                ["at"] = _time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        // Reported properties are the device's side of the twin, so they go over its own MQTT connection.
        var connection = Connection(update.DeviceId);
        await _mqtt.ExecuteAsync(ct => new ValueTask(connection.PublishReportedAsync(
            new JsonObject { [ConfigErrorProperty] = error }, ct)), stoppingToken).ConfigureAwait(false);
    }

    private IotHubDeviceConnection Connection(string deviceId) =>
        _connections.GetOrAdd(deviceId, id => new IotHubDeviceConnection(id, _options, _tokens, _telemetry,
            _desired.Writer, _logger));

    private static string ApplyResultName(ConfigApplyResult result) => result switch
    {
        ConfigApplyResult.Applied => "applied",
        ConfigApplyResult.RejectedInvalid => "rejectedInvalid",
        _ => "rejectedModelMissing",
    };
}
