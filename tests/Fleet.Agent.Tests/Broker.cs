using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace Fleet.Agent.Tests;

/// <summary>A real MQTT broker (MQTTnet's server, persistent sessions, as the gateway embeds it) on a loopback port.</summary>
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
