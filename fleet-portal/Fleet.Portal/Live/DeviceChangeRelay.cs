// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net.ServerSentEvents;
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Fleet.Portal.Live;

/// <summary>
/// <c>GET /live/devices</c>: one <c>changed</c> event per event of the gateway's device stream. The browser then
/// reloads the parts of the page marked live, so pages stay server-rendered and the relay sends no device data.
/// </summary>
public sealed class DeviceChangeRelay(IHostApplicationLifetime lifetime)
{
    public async Task RelayAsync(HttpContext context, GatewayApiClient gateway)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(gateway);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted,
            lifetime.ApplicationStopping);
        var token = linked.Token;
        // Headers first, so the browser knows the stream is open while the gateway is still being asked.
        SseWriter.Start(context.Response);
        await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
        var opened = await gateway.OpenEventStreamAsync(GatewayApiClient.DeviceStreamPath, token).ConfigureAwait(false);
        if (opened.Value is not { } response)
        {
            await SseWriter.WriteProblemAsync(context.Response, opened.Problem!, token).ConfigureAwait(false);
            return;
        }

        using (response)
        {
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                var n = 0;
                await foreach (var _ in SseParser.Create(stream).EnumerateAsync(token).ConfigureAwait(false))
                {
                    n++;
                    await SseWriter.WriteAsync(context.Response, "changed", n.ToString(CultureInfo.InvariantCulture),
                        null, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The browser left or the host stops.
            }
            catch (IOException)
            {
                // The gateway closed the stream; the browser reconnects after SseWriter.RetryMilliseconds.
            }
        }
    }
}
