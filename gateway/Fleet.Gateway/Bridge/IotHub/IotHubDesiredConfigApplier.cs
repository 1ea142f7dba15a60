// SPDX-License-Identifier: MIT
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Storage;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// Turns twin desired properties into the device's desired config the same way <c>PUT /api/devices/{id}/config</c>
/// does: stored under a new version, then published retained on <c>down/config</c> for the next wake.
/// </summary>
public sealed class IotHubDesiredConfigApplier(
    DeviceRegistry registry, DeviceConfigStore configs, DownlinkPublisher downlink, TimeProvider time)
{
    /// <summary>
    /// Applies <paramref name="update"/>. Returns the stored config (with its version), an empty result when the
    /// update carries no Fleet fields or equals the current desired config (a twin GET after every reconnect
    /// must not mint a new version), or the field errors.
    /// </summary>
    public async Task<IotHubDesiredResult> ApplyAsync(IotHubDesiredUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!await registry.ExistsAsync(update.DeviceId, cancellationToken).ConfigureAwait(false))
        {
            return Error("deviceId", "Not provisioned in the gateway.");
        }

        if (await registry.GetRetiredAtAsync(update.DeviceId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return Error("deviceId", "Retired in the gateway: rotate its credentials to return it to service first.");
        }

        var current = (await configs.GetDesiredAsync(update.DeviceId, cancellationToken).ConfigureAwait(false))?.Config;
        IotHubDesiredResult result;
        try
        {
            using var document = JsonDocument.Parse(update.DesiredJson);
            result = IotHubTwinMapper.MapDesired(document.RootElement, current);
        }
        catch (JsonException)
        {
            return Error("$", "Not a JSON object.");
        }

        if (!result.IsSuccess || (current is not null && result.Config == current with { ConfigVersion = 0 }))
        {
            return result.IsSuccess ? new IotHubDesiredResult(null, result.Errors) : result;
        }

        var versioned = await configs.SaveDesiredAsync(update.DeviceId, result.Config!, time.GetUtcNow(), cancellationToken)
            .ConfigureAwait(false);
        await downlink.PublishAsync(Topics.For(update.DeviceId, MessageType.DesiredConfig),
            FleetCodec.Encode(new DesiredConfig(update.DeviceId, versioned)), retain: true, cancellationToken)
            .ConfigureAwait(false);
        return new IotHubDesiredResult(versioned, result.Errors);
    }

    private static IotHubDesiredResult Error(string field, string message) =>
        new(null, new Dictionary<string, string> { [field] = message });
}
