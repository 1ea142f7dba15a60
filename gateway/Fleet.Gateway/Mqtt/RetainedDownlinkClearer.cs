// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// Retirement step: clears a retired device's retained downlinks (desired config and OTA offer, docs/protocol.md
/// §1.1) with empty retained payloads, so nothing waits on its topics. Goes through the broker like every downlink,
/// so it works in both broker modes (the embedded broker's <see cref="RetainedMessageStore"/> deletes the rows).
/// </summary>
public sealed class RetainedDownlinkClearer(DownlinkPublisher downlink) : IDeviceRetirementStep
{
    private static readonly MessageType[] RetainedTypes = [MessageType.DesiredConfig, MessageType.OtaOffer];

    public async Task DeviceRetiredAsync(string deviceId, CancellationToken cancellationToken)
    {
        foreach (var type in RetainedTypes)
        {
            await downlink.PublishAsync(Topics.For(deviceId, type), [], retain: true, cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
