// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;

namespace Fleet.Portal.Tests;

/// <summary>
/// A TCP port the test opens and closes in front of the real gateway, so a standalone portal can lose and regain its
/// gateway while both processes keep running. Closed: connections are refused. Closing also cuts the connections
/// already relayed (the portal's pooled HTTP connections).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    /// <summary>A relay to <paramref name="target"/> on a free loopback port, closed until <see cref="Open"/>.</summary>
    public TcpRelay(IPEndPoint target)
    {
        _target = target;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public void Open()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        // The port was closed a moment ago; connections it accepted may linger in TIME_WAIT.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _accepting = AcceptAsync(listener);
    }

    public async Task CloseAsync()
    {
        _listener?.Stop();
        _listener = null;
        await _accepting.ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (_gate)
        {
            _open.Add(inbound);
            _open.Add(outbound);
        }

        try
        {
            await outbound.ConnectAsync(_target).ConfigureAwait(false);
            using var a = inbound.GetStream();
            using var b = outbound.GetStream();
            // Either side ending (or a close cutting both) ends the pair.
            await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
        }
    }
}
