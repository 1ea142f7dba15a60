// SPDX-License-Identifier: MIT
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Fleet.Portal.Gateway;
using Fleet.Portal.Live;
using Fleet.Portal.Rendering;

namespace Fleet.Portal;

/// <summary>
/// Maps the fleet portal: its Razor Pages, the static files embedded in this assembly (<c>/portal/…</c>), the
/// live relays (<c>/live/devices</c>, <c>/live/detections</c>) and the gateway-health line (<c>/live/health</c>).
/// Register it first with <see cref="PortalServiceCollectionExtensions.AddFleetPortal"/>.
/// </summary>
public static class PortalEndpoints
{
    /// <summary>Prefix of the embedded resource names (the csproj sets <c>LogicalName="portal/…"</c>).</summary>
    internal const string ResourcePrefix = "portal/";

    // Resources never change while the process runs, so one provider and one name set are enough.
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly Assembly PortalAssembly = typeof(PortalEndpoints).Assembly;

    /// <summary>
    /// Maps the pages, <c>GET /portal/{**path}</c> to the embedded files (unknown paths: 404; <c>Cache-Control:
    /// no-cache</c> so a new build is picked up on the next reload) and the live streams (signed-in users only).
    /// </summary>
    /// <param name="app">The endpoint builder of the host (e.g. the <c>WebApplication</c>).</param>
    /// <returns><paramref name="app"/>, for chaining.</returns>
    public static IEndpointRouteBuilder MapFleetPortal(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapRazorPages();
        app.MapGet("/portal/{**path}", (HttpContext context, string? path) => Serve(context, path))
            .WithName("FleetPortalAsset")
            .ExcludeFromDescription();
        app.MapGet("/live/devices", (HttpContext context, DeviceChangeRelay relay, GatewayApiClient gateway) =>
                relay.RelayAsync(context, gateway))
            .RequireAuthorization(PortalRoles.ViewerPolicy)
            .ExcludeFromDescription();
        app.MapGet("/live/detections", (HttpContext context, DetectionRelay relay, GatewayApiClient gateway) =>
                relay.RelayAsync(context, gateway))
            .RequireAuthorization(PortalRoles.ViewerPolicy)
            .ExcludeFromDescription();
        app.MapGet("/live/health", async (GatewayApiClient gateway, CancellationToken cancellationToken) =>
                TypedResults.Ok(HealthBanner.From(await gateway.GetHealthAsync(cancellationToken).ConfigureAwait(false))
                    ?? new HealthBanner("healthy", "")))
            .RequireAuthorization(PortalRoles.ViewerPolicy)
            .ExcludeFromDescription();
        return app;
    }

    private static Results<FileStreamHttpResult, NotFound> Serve(HttpContext context, string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return TypedResults.NotFound();
        }

        // Manifest lookup is by exact name, so "../" or absolute paths can only miss, never escape.
        Stream? stream = PortalAssembly.GetManifestResourceStream(ResourcePrefix + path);
        if (stream is null)
        {
            return TypedResults.NotFound();
        }

        if (!ContentTypes.TryGetContentType(path, out string? contentType))
        {
            contentType = "application/octet-stream";
        }
        else if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType == "application/json")
        {
            // The files are saved as UTF-8; saying so stops browsers from guessing (the page shows "…" and "°").
            contentType += "; charset=utf-8";
        }

        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(stream, contentType);
    }
}
