// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Storage;

namespace Fleet.Gateway.Rollouts;

/// <summary>The rollout engine's downlink through the gateway's MQTT publisher and the desired-config store.</summary>
public sealed class MqttRolloutDownlink(DownlinkPublisher publisher, DeviceConfigStore configs, TimeProvider time)
    : IRolloutDownlink
{
    public Task PublishOfferAsync(OtaOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return publisher.PublishAsync(Topics.For(offer.DeviceId, MessageType.OtaOffer), FleetCodec.Encode(offer),
            retain: true, cancellationToken);
    }

    public Task ClearOfferAsync(string deviceId, CancellationToken cancellationToken) =>
        publisher.PublishAsync(Topics.For(deviceId, MessageType.OtaOffer), [], retain: true, cancellationToken);

    public Task PublishChunkAsync(OtaChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return publisher.PublishAsync(Topics.For(chunk.DeviceId, MessageType.OtaChunk), FleetCodec.Encode(chunk),
            retain: false, cancellationToken);
    }

    public async Task SetDesiredModelAsync(string deviceId, string modelId, uint modelVersion,
        CancellationToken cancellationToken)
    {
        var desired = await configs.GetDesiredAsync(deviceId, cancellationToken).ConfigureAwait(false);
        if (desired is null
            || (desired.Config.ModelId == modelId && desired.Config.ModelVersion == modelVersion))
        {
            // No operator config to follow (the device keeps its own), or already there.
            return;
        }

        var versioned = await configs.SaveDesiredAsync(deviceId,
            desired.Config with { ModelId = modelId, ModelVersion = modelVersion }, time.GetUtcNow(), cancellationToken)
            .ConfigureAwait(false);
        await publisher.PublishAsync(Topics.For(deviceId, MessageType.DesiredConfig),
            FleetCodec.Encode(new DesiredConfig(deviceId, versioned)), retain: true, cancellationToken).ConfigureAwait(false);
    }
}
