// SPDX-License-Identifier: MIT
using MQTTnet.Protocol;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// The embedded broker's live device connections, for parts that must close one (a rotated secret) but cannot
/// depend on <see cref="EmbeddedBroker"/>, which itself depends on the device registry that calls them. The broker
/// attaches its <see cref="ClientIdHandover"/> when it starts; in External mode nothing is attached and closing is a
/// no-op (the gateway cannot close a connection on another broker).
/// </summary>
public sealed class EmbeddedConnections
{
    private ClientIdHandover? _handover;

    public void Attach(ClientIdHandover handover) => Volatile.Write(ref _handover, handover);

    public void Detach() => Volatile.Write(ref _handover, null);

    /// <summary>Closes <paramref name="clientId"/>'s connection, if it has one, and waits until it is gone.</summary>
    public Task CloseAsync(string clientId, MqttDisconnectReasonCode reason, CancellationToken cancellationToken) =>
        Volatile.Read(ref _handover)?.CloseAsync(clientId, reason, cancellationToken) ?? Task.CompletedTask;
}
