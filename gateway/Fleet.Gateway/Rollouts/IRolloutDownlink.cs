// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Rollouts;

/// <summary>What the rollout engine sends to devices.</summary>
public interface IRolloutDownlink
{
    /// <summary>Publishes the retained offer on <c>down/ota/offer</c>.</summary>
    Task PublishOfferAsync(OtaOffer offer, CancellationToken cancellationToken);

    /// <summary>Clears the retained offer (an empty retained payload).</summary>
    Task ClearOfferAsync(string deviceId, CancellationToken cancellationToken);

    Task PublishChunkAsync(OtaChunk chunk, CancellationToken cancellationToken);

    /// <summary>Points the device's desired config (if it has one) at the model version.</summary>
    Task SetDesiredModelAsync(string deviceId, string modelId, uint modelVersion, CancellationToken cancellationToken);
}
