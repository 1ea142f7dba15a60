// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Gateway.Tests.Bridge;

/// <summary>A Kestrel stand-in for the hub's twin REST API that records each request and answers 200.</summary>
public sealed class IotHubRestStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IotHubRestStub(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<(string Method, string PathAndQuery, string? Authorization, string? ContentType, string Body)> Requests { get; } = new();

    public static async Task<IotHubRestStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        IotHubRestStub? stub = null;
        app.MapMethods("/twins/{id}", ["PATCH"], async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            stub!.Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.ToString(), context.Request.ContentType,
                await reader.ReadToEndAsync()));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new IotHubRestStub(app, new Uri(address + "/"));
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
