// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Fleet.Portal.Live;

/// <summary>
/// <c>GET /live/detections?deviceId=&amp;kind=&amp;after=</c>: relays the gateway's fleet-wide detection stream,
/// each detection as the same HTML list item the page renders (<see cref="DetectionCard"/>). Event ids are the
/// store ids, so a reconnecting browser (Last-Event-ID) misses nothing.
/// </summary>
public sealed class DetectionRelay(IHostApplicationLifetime lifetime, FrameSizes frames)
{
    public async Task RelayAsync(HttpContext context, GatewayApiClient gateway)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(gateway);
        var query = context.Request.Query;
        long? after = null;
        var last = context.Request.Headers["Last-Event-ID"].ToString();
        if (long.TryParse(last.Length > 0 ? last : query["after"].ToString(), NumberStyles.None,
                CultureInfo.InvariantCulture, out var a))
        {
            after = a;
        }

        string? Value(string name) => string.IsNullOrWhiteSpace(query[name]) ? null : query[name].ToString();

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted,
            lifetime.ApplicationStopping);
        var token = linked.Token;
        var path = GatewayApiClient.FleetDetectionStreamPath(Value("deviceId"), Value("kind"), after);
        // Headers first, so the browser knows the stream is open while the gateway is still being asked.
        SseWriter.Start(context.Response);
        await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
        var opened = await gateway.OpenEventStreamAsync(path, token).ConfigureAwait(false);
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
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(token).ConfigureAwait(false))
                {
                    var detection = JsonSerializer.Deserialize<GatewayDetection>(item.Data, GatewayApiClient.Json);
                    if (detection is null)
                    {
                        continue;
                    }

                    var html = DetectionCard.Render(detection, frames).ToString()!;
                    await SseWriter.WriteAsync(context.Response, "detection", html,
                        detection.Id.ToString(CultureInfo.InvariantCulture), token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The browser left or the host stops.
            }
            catch (IOException)
            {
                // The gateway closed the stream; the browser reconnects with Last-Event-ID.
            }
        }
    }
}
