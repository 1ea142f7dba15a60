// SPDX-License-Identifier: MIT
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Fleet.Portal.Gateway;

/// <summary>
/// Where the gateway's API is and the operator key to send on changes. Standalone: <c>Portal:GatewayUrl</c>.
/// In the gateway: the host's own listening address, read on first use (it is known only once the server started,
/// and port 0 picks it then).
/// </summary>
public sealed class GatewayConnection
{
    private readonly Uri? _configured;
    private readonly IServer? _server;
    private readonly Func<string?> _operatorKey;
    private Uri? _resolved;

    /// <param name="configured">A fixed base URL, or null for the host's own address.</param>
    /// <param name="server">The host's server, to read its address from when <paramref name="configured"/> is null.</param>
    /// <param name="operatorKey">Returns the operator key in force (null: changes are refused).</param>
    public GatewayConnection(Uri? configured, IServer? server, Func<string?> operatorKey)
    {
        ArgumentNullException.ThrowIfNull(operatorKey);
        if (configured is null && server is null)
        {
            throw new ArgumentException("Either a gateway URL or the host's server is needed.", nameof(configured));
        }

        _configured = configured;
        _server = server;
        _operatorKey = operatorKey;
    }

    /// <summary>The operator key, or null when none is in force.</summary>
    public string? OperatorKey => _operatorKey();

    /// <summary>The gateway's base address (ends with '/').</summary>
    public Uri BaseAddress => _resolved ??= _configured is { } c ? WithSlash(c) : FromServer(_server!);

    /// <summary>An absolute URI for a path below the base address (<c>api/devices</c>).</summary>
    public Uri Resolve(string relative) => new(BaseAddress, relative.TrimStart('/'));

    private static Uri FromServer(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The host has no listening address yet.");

        // A wildcard listen address is no place to connect to; the same port on loopback is.
        var builder = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }

        return WithSlash(builder.Uri);
    }

    private static Uri WithSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
