// SPDX-License-Identifier: MIT
using Fleet.Gateway.Devices;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// A secret is rotated because it leaked or was lost: whoever is connected with the old one must not stay connected
/// until they choose to leave. On the embedded broker the device's live connection is closed (MQTT 5 reason "not
/// authorized") as soon as the new secret is stored; its session stays, so the device resumes it with the new
/// secret. A new device has no connection, so adding one closes nothing. Retirement closes connections itself
/// (<see cref="EmbeddedBroker.DeviceRetiredAsync"/>, which also deletes the session).
/// </summary>
public sealed class RotatedSecretDisconnector(EmbeddedConnections connections) : IDeviceCredentialSink
{
    public Task SecretChangedAsync(string deviceId, string secret, CancellationToken cancellationToken) =>
        connections.CloseAsync(deviceId, MqttDisconnectReasonCode.NotAuthorized, cancellationToken);

    public Task DeviceRetiredAsync(string deviceId, CancellationToken cancellationToken) => Task.CompletedTask;
}
