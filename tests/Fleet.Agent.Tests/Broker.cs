using System.Net;
using System.Net.Sockets;
using Fleet.Gateway.Mqtt;
using MQTTnet.Server;

namespace Fleet.Agent.Tests;

/// <summary>
/// A real MQTT broker (MQTTnet's server, persistent sessions and the client-id hand-over, as the gateway embeds it)
/// on a loopback port. It accepts every client.
/// </summary>
internal sealed class Broker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private Broker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Broker> StartAsync(int port = 0)
    {
        if (port == 0)
        {
            port = FreePort();
        }
        var factory = new MqttServerFactory();
        MqttServerOptions options = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .WithPersistentSessions()
            .Build();
        MqttServer server = factory.CreateMqttServer(options);
        var handover = new ClientIdHandover(server, TimeSpan.FromSeconds(5), TimeProvider.System);
        server.ValidatingConnectionAsync += e => handover.HandOverAsync(e.ClientId, CancellationToken.None);
        await server.StartAsync();
        return new Broker(server, port);
    }

    /// <summary>A loopback port nobody listens on (for "broker unreachable").</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
