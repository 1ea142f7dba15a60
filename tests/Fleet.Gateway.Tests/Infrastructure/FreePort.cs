// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;

namespace Fleet.Gateway.Tests.Infrastructure;

/// <summary>Finds a free TCP port on loopback (MQTTnet cannot report an ephemeral port it bound).</summary>
public static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
