// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Net;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// Hands a client id over from its previous connection to a new one only after the previous connection has been
/// closed and cleaned up. MQTTnet 5's server does not: when a CONNECT arrives while the same id's previous
/// connection is still being torn down (a device that disconnects and reconnects at once, a SAS renewal), the old
/// connection's clean-up removes the id's entry (and, for a clean session, the session) that by then belong to the
/// new connection, which is then dropped or left without its session. With eight clients reconnecting in a loop
/// against an instant validator, up to 478 of 1,600 reconnects failed that way here; with this hand-over, none
/// (ClientIdHandoverTests). A validator that takes a while (a credential lookup) narrows the window but does not
/// close it. Call
/// <see cref="HandOverAsync"/> from the connection validator once the CONNECT is accepted, so a refused CONNECT
/// never disturbs a live device. Depends on MQTTnet's server only, so the in-process test brokers that stand in
/// for this one link the same file.
/// </summary>
public sealed class ClientIdHandover
{
    private readonly MqttServer _server;
    private readonly TimeSpan _wait;
    private readonly TimeProvider _time;
    private readonly Action<string, TimeSpan>? _timedOut;
    private readonly ConcurrentDictionary<string, LiveConnection> _live = new(StringComparer.Ordinal);

    /// <param name="wait">How long a new connection waits for the previous one's clean-up before it goes ahead
    /// anyway (MQTTnet's own take-over then applies).</param>
    /// <param name="timedOut">Told the client id and the wait when a previous connection outlived it.</param>
    public ClientIdHandover(MqttServer server, TimeSpan wait, TimeProvider time, Action<string, TimeSpan>? timedOut = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
        _wait = wait;
        _time = time;
        _timedOut = timedOut;
        server.ClientConnectedAsync += OnConnectedAsync;
        server.ClientDisconnectedAsync += OnDisconnectedAsync;
    }

    /// <summary>Closes the previous connection of <paramref name="clientId"/>, if any, and waits until it is gone.</summary>
    public Task HandOverAsync(string clientId, CancellationToken cancellationToken) =>
        CloseAsync(clientId, MqttDisconnectReasonCode.SessionTakenOver, cancellationToken);

    /// <summary>
    /// Closes the connection of <paramref name="clientId"/>, if any, with <paramref name="reason"/> (sent to an
    /// MQTT 5 client), and waits until it is gone.
    /// </summary>
    public async Task CloseAsync(string clientId, MqttDisconnectReasonCode reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId) || !_live.TryGetValue(clientId, out var previous))
        {
            return;
        }

        try
        {
            await _server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions { ReasonCode = reason })
                .ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already out of the server's client table: its clean-up is under way, which is what we wait for.
        }

        try
        {
            await previous.Closed.Task.WaitAsync(_wait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A connection whose close was never reported must not hold up every later connect of this id.
            _live.TryRemove(new KeyValuePair<string, LiveConnection>(clientId, previous));
            _timedOut?.Invoke(clientId, _wait);
        }
    }

    private Task OnConnectedAsync(ClientConnectedEventArgs e)
    {
        _live[e.ClientId] = new LiveConnection(e.RemoteEndPoint);
        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        // Matched by remote end point: a take-over's event for the old connection must not end the new one's entry.
        if (_live.TryGetValue(e.ClientId, out var connection) && Equals(connection.RemoteEndPoint, e.RemoteEndPoint)
            && _live.TryRemove(new KeyValuePair<string, LiveConnection>(e.ClientId, connection)))
        {
            connection.Closed.TrySetResult();
        }

        return Task.CompletedTask;
    }

    private sealed class LiveConnection(EndPoint? remoteEndPoint)
    {
        public EndPoint? RemoteEndPoint { get; } = remoteEndPoint;

        public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
