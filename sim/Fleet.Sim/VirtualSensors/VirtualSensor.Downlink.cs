// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Threading.Channels;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Firmware.Interop;
using MQTTnet;

namespace Fleet.Sim.VirtualSensors;

// Step 5 of the wake: what the broker delivered while the sensor was connected.
public sealed partial class VirtualSensor
{
    private async Task<(ReportedConfig? Reported, int Received)> HandleDownlinkAsync(IMqttClient client,
        ChannelReader<MqttApplicationMessage> inbox, List<string> published, CancellationToken cancellationToken)
    {
        ReportedConfig? reported = null;
        int received = 0;

        // Retained and queued messages arrive right after CONNACK/SUBACK; a short window catches them without
        // keeping the radio on for long (on a real device every millisecond here is battery).
        using CancellationTokenSource window = new(_options.DownlinkWindow, _timeProvider);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, window.Token);
        while (true)
        {
            MqttApplicationMessage message;
            try
            {
                message = await inbox.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break; // the window closed
            }

            received++;
            ReportedConfig? reply = await HandleOneAsync(client, message, published, cancellationToken).ConfigureAwait(false);
            reported = reply ?? reported;
        }

        return (reported, received);
    }

    private async Task<ReportedConfig?> HandleOneAsync(IMqttClient client, MqttApplicationMessage message,
        List<string> published, CancellationToken cancellationToken)
    {
        string id = Identity.DeviceId;
        if (message.Payload.IsEmpty)
        {
            return null; // an empty retained payload clears a topic (e.g. a finished OTA offer): nothing to do
        }

        if (!Topics.TryParse(message.Topic, out string topicDevice, out MessageType type) || topicDevice != id)
        {
            VirtualSensorLog.DownlinkUndecodable(_logger, id, message.Topic);
            return null;
        }

        if (type != MessageType.DesiredConfig)
        {
            // OTA offers and chunks: the virtual sensors hold only their built-in models.
            VirtualSensorLog.DownlinkUnsupported(_logger, id, type, message.Topic);
            return null;
        }

        // Decoded by the firmware's C decoder, with the firmware's rules, as on the device.
        NativeDecodeResult decoded = NativeCodec.Decode(message.Payload.ToArray(), MessageType.DesiredConfig);
        if (decoded.Message is not DesiredConfig desired || desired.DeviceId != id)
        {
            VirtualSensorLog.DownlinkUndecodable(_logger, id, message.Topic);
            return null;
        }

        ConfigApplyResult result = Check(desired.Config);
        if (result == ConfigApplyResult.Applied)
        {
            _config = desired.Config;
        }

        // The reply echoes the requested config (so the gateway can match config_version) with the outcome; on a
        // rejection the sensor keeps running its previous config.
        ReportedConfig reply = new(id, desired.Config, result);
        await PublishAsync(client, reply, retain: true, published, cancellationToken).ConfigureAwait(false);
        VirtualSensorLog.ConfigApplied(_logger, id, desired.Config.ConfigVersion, result, WakeInterval);
        return reply;
    }

    private ConfigApplyResult Check(DeviceConfig config)
    {
        if (!SimulatedDetector.Supports(Identity.Detector, config.Detector)
            || config.WakeIntervalS is < ProtocolLimits.MinWakeIntervalS or > ProtocolLimits.MaxWakeIntervalS
            || config.TelemetryEvery is < ProtocolLimits.MinTelemetryEvery or > ProtocolLimits.MaxTelemetryEvery
            || config.ScoreThresholdPmy > ProtocolLimits.MaxScorePmy)
        {
            return ConfigApplyResult.RejectedInvalid;
        }

        // An empty model id means "the built-in model for that detector".
        bool modelPresent = config.ModelId.Length == 0
            || (config.ModelId == SimulatedDetector.ModelFor(config.Detector)
                && config.ModelVersion == SimulatedDetector.BuiltInModelVersion);
        return modelPresent ? ConfigApplyResult.Applied : ConfigApplyResult.RejectedModelMissing;
    }
}
