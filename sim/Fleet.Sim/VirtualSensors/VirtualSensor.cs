// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Firmware.Interop;
using Fleet.Sim.Battery;
using Fleet.Sim.Energy;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Polly;
using Polly.Retry;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// One simulated sleepy sensor. Each <see cref="WakeAsync"/> is one wake of docs/protocol.md §1.2 over a real MQTT
/// connection: connect with a will, subscribe when the broker has no session, birth, telemetry, detection, apply a
/// delivered desired config, sleeping status, disconnect. Every uplink payload is encoded by the device firmware's
/// C encoder (<see cref="NativeCodec"/>), so the bytes on the wire are the ones a real sensor would send.
/// </summary>
/// <remarks>
/// Not thread-safe: one loop calls <see cref="WakeAsync"/> at a time. Its battery is drained per wake by
/// <see cref="WakeEnergyModel"/>, with the sleep scaled by <see cref="VirtualSensorFleetOptions.TimeScale"/>.
/// </remarks>
public sealed partial class VirtualSensor
{
    /// <summary>Firmware version the virtual sensors report.</summary>
    public const string FirmwareVersion = "sim-1.0.0";

    /// <summary>MQTT session expiry the sensor asks for: longer than any sleep (docs/protocol.md §1.2).</summary>
    public static readonly TimeSpan SessionExpiry = TimeSpan.FromDays(7);

    /// <summary>Trace source of the wakes; listen to it to trace an uplink from the sensor to the gateway's commit.</summary>
    public const string ActivitySourceName = "Fleet.Sim";

    /// <summary>Name of the span around one wake; its W3C id goes out as each uplink's <c>traceparent</c>.</summary>
    public const string WakeActivityName = "fleet.sim.wake";

    // Shared by all sensors rather than one per sensor: an ActivitySource registers itself process-wide until
    // disposed, and sensors are never disposed. It holds no state of ours.
    private static readonly ActivitySource WakeSource = new(ActivitySourceName);

    // Below this a real cell is at the knee of its curve and the board browns out; the demo swaps the cell instead.
    private const double ReplaceBelowStateOfCharge = 0.03;

    private readonly VirtualSensorFleetOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly MqttClientFactory _mqttFactory = new();
    private readonly ResiliencePipeline _connectPipeline;
    private readonly SimulatedDetector _detector;
    private readonly AmbientTemperature _temperature;
    private readonly SequenceCounters _sequences = new((uint)RandomNumberGenerator.GetInt32(int.MaxValue));
    private long _bootTimestamp;
    private bool _poweredOn;
    private uint _wakesSinceTelemetry;
    private DeviceConfig _config;

    /// <summary>Creates a sensor; nothing connects until <see cref="WakeAsync"/>.</summary>
    /// <param name="identity">Device id, secret and detector hardware.</param>
    /// <param name="options">Broker address, intervals, time scale and energy profile.</param>
    /// <param name="timeProvider">Clock for device timestamps, uptime and the downlink window.</param>
    /// <param name="logger">Logger for this sensor.</param>
    /// <param name="seed">Seed of this sensor's random numbers (detections, temperature, starting charge, RSSI).</param>
    public VirtualSensor(VirtualSensorIdentity identity, VirtualSensorFleetOptions options, TimeProvider timeProvider,
        ILogger<VirtualSensor> logger, int seed)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (!DeviceIds.IsValid(identity.DeviceId))
        {
            throw new ArgumentException($"'{identity.DeviceId}' is not a valid device id.", nameof(identity));
        }

        Identity = identity;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _random = new Random(seed);
        _detector = new SimulatedDetector(_random);
        _temperature = new AmbientTemperature(_random);
        // Sensors start part-way through their cells so the fleet shows a spread of charge from the first screen.
        Battery = new LiPoBattery(LiPoBattery.DefaultCapacityUah, 0.35 + (0.6 * _random.NextDouble()));
        _bootTimestamp = timeProvider.GetTimestamp();
        _config = new DeviceConfig(
            ConfigVersion: 0,
            WakeIntervalS: (uint)Math.Max(1, Math.Ceiling(options.WakeInterval.TotalSeconds)),
            TelemetryEvery: 1,
            ScoreThresholdPmy: 5_000,
            Detector: identity.Detector,
            ModelId: SimulatedDetector.ModelFor(identity.Detector),
            ModelVersion: SimulatedDetector.BuiltInModelVersion,
            ReportEmpty: false);
        _connectPipeline = BuildConnectPipeline();
    }

    /// <summary>Device id, secret and detector hardware.</summary>
    public VirtualSensorIdentity Identity { get; }

    /// <summary>The simulated cell.</summary>
    public LiPoBattery Battery { get; }

    /// <summary>The config the sensor runs (version 0 = built-in defaults, no desired config applied yet).</summary>
    public DeviceConfig Config => _config;

    /// <summary>Wakes so far (telemetry key 9, <c>wake_count</c>).</summary>
    public uint WakeCount { get; private set; }

    /// <summary>
    /// Real time from one wake to the next: <see cref="VirtualSensorFleetOptions.WakeInterval"/> until a desired config
    /// is applied, then its <c>wake_interval_s</c> clamped to 1 s–<see cref="VirtualSensorFleetOptions.MaxWakeInterval"/>.
    /// </summary>
    public TimeSpan WakeInterval => _config.ConfigVersion == 0
        ? _options.WakeInterval
        : TimeSpan.FromSeconds(Math.Clamp(_config.WakeIntervalS, 1, Math.Max(1, _options.MaxWakeInterval.TotalSeconds)));

    /// <summary>
    /// Runs one wake (docs/protocol.md §1.2) and drains the battery for it and the sleep that follows.
    /// </summary>
    /// <returns>What the wake published and received.</returns>
    /// <exception cref="VirtualSensorConnectException">The broker refused the connect (after retries for transient refusals).</exception>
    /// <exception cref="MqttCommunicationException">The broker could not be reached, or the link broke mid-wake.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<VirtualSensorWakeResult> WakeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        WakeReason reason = _poweredOn ? WakeReason.Timer : WakeReason.PowerOn;
        _poweredOn = true;
        WakeCount++;
        string id = Identity.DeviceId;
        // Current for the rest of the wake, so every publish below carries it (null when nobody listens).
        using Activity? wakeActivity = WakeSource.StartActivity(WakeActivityName, ActivityKind.Producer);
        wakeActivity?.SetTag("fleet.device.id", id);

        // Sample before the radio runs: the fuel gauge reads the resting cell, as a real sensor does right after waking.
        ushort batteryMv = Battery.VoltageMv;
        ushort socPm = Battery.StateOfChargePm;
        uint chargeUsedUah = (uint)Math.Round(Battery.ChargeUsedUah);
        short temperatureCc = _temperature.NextCentiCelsius();
        SimulatedDetection detection = _detector.Run(_config.Detector, _config.ScoreThresholdPmy);

        List<string> published = [];
        int received = 0;
        ReportedConfig? reported = null;
        Channel<MqttApplicationMessage> inbox = Channel.CreateUnbounded<MqttApplicationMessage>(
            new UnboundedChannelOptions { SingleReader = true });

        using IMqttClient client = _mqttFactory.CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            // Auto-acknowledged when this returns; the wake handles the message before it sleeps.
            inbox.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };

        // §1.2 step 1. The will is built now, so its seq and time are those of the connect.
        StatusMessage will = new(id, _sequences.Next(MessageType.Status), NowMs(), DeviceState.Offline, FirmwareVersion, reason, 0);
        MqttClientOptions connectOptions = _mqttFactory.CreateClientOptionsBuilder()
            .WithTcpServer(_options.BrokerHost, _options.BrokerPort)
            .WithClientId(id)
            .WithCredentials(id, Identity.Secret)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)SessionExpiry.TotalSeconds)
            .WithTimeout(_options.ConnectTimeout)
            .WithWillTopic(Topics.For(id, MessageType.Status))
            .WithWillPayload(NativeCodec.Encode(will))
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();

        MqttClientConnectResult connected = await _connectPipeline.ExecuteAsync(
            async token =>
            {
                MqttClientConnectResult result = await client.ConnectAsync(connectOptions, token).ConfigureAwait(false);
                return result.ResultCode == MqttClientConnectResultCode.Success
                    ? result
                    : throw new VirtualSensorConnectException(id, result.ResultCode, result.ReasonString);
            },
            cancellationToken).ConfigureAwait(false);

        // §1.2 step 2: the broker keeps the subscription in the session, so only a fresh session needs it.
        if (!connected.IsSessionPresent)
        {
            await SubscribeDownlinkAsync(client, cancellationToken).ConfigureAwait(false);
        }

        // §1.2 step 3: birth.
        await PublishAsync(client, new StatusMessage(id, _sequences.Next(MessageType.Status), NowMs(), DeviceState.Online,
            FirmwareVersion, reason, 0), retain: true, published, cancellationToken).ConfigureAwait(false);

        // §1.2 step 4: telemetry every N-th wake, then the detection (empty events only when the config asks).
        _wakesSinceTelemetry++;
        if (_wakesSinceTelemetry >= _config.TelemetryEvery || reason == WakeReason.PowerOn)
        {
            _wakesSinceTelemetry = 0;
            Telemetry telemetry = new(id, _sequences.Next(MessageType.Telemetry), NowMs(), batteryMv, socPm, temperatureCc,
                chargeUsedUah, WakeCount, UptimeSeconds(), FirmwareVersion, detection.ModelId, detection.ModelVersion,
                (sbyte)_random.Next(-82, -54));
            await PublishAsync(client, telemetry, retain: false, published, cancellationToken).ConfigureAwait(false);
        }

        if (detection.Boxes.Count > 0 || _config.ReportEmpty)
        {
            // energy_uj is "spent in this wake so far": capture, inference and the radio up to this message.
            WakeEnergy soFar = WakeEnergyModel.ForWake(_options.Energy, detection.InferenceTime, published.Count + 1, TimeSpan.Zero);
            DetectionEvent detectionEvent = new(id, _sequences.Next(MessageType.Detection), NowMs(), detection.Detector,
                detection.Boxes, detection.ModelId, detection.ModelVersion,
                (uint)Math.Round(detection.InferenceTime.TotalMicroseconds), detection.InferenceMacs,
                (uint)Math.Min(uint.MaxValue, Math.Round(soFar.AwakeEnergyUj)));
            await PublishAsync(client, detectionEvent, retain: false, published, cancellationToken).ConfigureAwait(false);
        }

        // §1.2 step 5: whatever the broker delivered (retained config, queued messages).
        (reported, received) = await HandleDownlinkAsync(client, inbox.Reader, published, cancellationToken).ConfigureAwait(false);

        // §1.2 step 6: announce the sleep, then a normal DISCONNECT so the broker discards the will.
        TimeSpan nextWake = WakeInterval;
        await PublishAsync(client, new StatusMessage(id, _sequences.Next(MessageType.Status), NowMs(), DeviceState.Sleeping,
            FirmwareVersion, reason, (uint)Math.Ceiling(nextWake.TotalSeconds)), retain: true, published, cancellationToken)
            .ConfigureAwait(false);
        await client.DisconnectAsync(
            _mqttFactory.CreateClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(),
            cancellationToken).ConfigureAwait(false);

        WakeEnergy energy = WakeEnergyModel.ForWake(_options.Energy, detection.InferenceTime, published.Count + received,
            nextWake * _options.TimeScale);
        DrawAndMaybeReplace(energy.TotalUah);
        int boxes = published.Contains(Topics.For(id, MessageType.Detection)) ? detection.Boxes.Count : 0;
        VirtualSensorLog.WakeCompleted(_logger, id, WakeCount, connected.IsSessionPresent, published.Count, boxes,
            energy.TotalUah, Battery.StateOfChargePm, Battery.VoltageMv);
        return new VirtualSensorWakeResult(WakeCount, connected.IsSessionPresent, published, boxes, reported, energy.TotalUah, nextWake);
    }

    private async Task SubscribeDownlinkAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        MqttClientSubscribeOptions subscribe = _mqttFactory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(Topics.DownlinkFilter(Identity.DeviceId))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        MqttClientSubscribeResult result = await client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        foreach (MqttClientSubscribeResultItem item in result.Items)
        {
            if (item.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1
                or MqttClientSubscribeResultCode.GrantedQoS2))
            {
                // Without the subscription the sensor would never see a config; fail the wake so it retries next time.
                throw new MqttCommunicationException(
                    $"Broker refused the subscription of '{Identity.DeviceId}' to {item.TopicFilter.Topic}: {item.ResultCode}.");
            }
        }
    }

    private async Task PublishAsync(IMqttClient client, FleetMessage message, bool retain, List<string> published,
        CancellationToken cancellationToken)
    {
        string topic = Topics.For(Identity.DeviceId, message.Type);
        MqttApplicationMessageBuilder builder = _mqttFactory.CreateApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(NativeCodec.Encode(message))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain);
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent })
        {
            // W3C trace context as an MQTT 5 user property: the gateway continues this trace to its commit.
            builder.WithUserProperty("traceparent", (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(traceParent));
        }

        MqttApplicationMessage mqttMessage = builder.Build();
        MqttClientPublishResult result = await client.PublishAsync(mqttMessage, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            // A refusal (e.g. ACL) is the broker's answer, not a broken link: log it and carry on with the wake.
            VirtualSensorLog.PublishRefused(_logger, Identity.DeviceId, topic, result.ReasonCode, result.ReasonString);
        }

        published.Add(topic);
    }

    private void DrawAndMaybeReplace(double chargeUah)
    {
        Battery.Draw(chargeUah);
        if (Battery.StateOfCharge < ReplaceBelowStateOfCharge)
        {
            VirtualSensorLog.BatteryReplaced(_logger, Identity.DeviceId, Battery.ChargeUsedUah);
            Battery.Replace(1.0);
            // A cell swap is a power cycle: uptime restarts and the next wake reports "power on".
            _poweredOn = false;
            _bootTimestamp = _timeProvider.GetTimestamp();
        }
    }

    private ResiliencePipeline BuildConnectPipeline() =>
        new ResiliencePipelineBuilder { TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                // Only failures that go away by themselves: the broker still starting, a dropped socket, a busy server.
                ShouldHandle = new PredicateBuilder()
                    .Handle<MqttCommunicationException>()
                    .Handle<SocketException>()
                    .Handle<VirtualSensorConnectException>(e => e.IsTransient),
                MaxRetryAttempts = 6,
                Delay = TimeSpan.FromMilliseconds(250),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    VirtualSensorLog.ConnectRetry(_logger, Identity.DeviceId, args.AttemptNumber + 1, args.RetryDelay,
                        args.Outcome.Exception);
                    return default;
                },
            })
            .Build();

    private ulong NowMs() => (ulong)_timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private uint UptimeSeconds() => (uint)Math.Min(uint.MaxValue, _timeProvider.GetElapsedTime(_bootTimestamp).TotalSeconds);
}
