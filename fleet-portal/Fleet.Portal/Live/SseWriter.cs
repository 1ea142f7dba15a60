// SPDX-License-Identifier: MIT
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fleet.Portal.Live;

/// <summary>Writes server-sent events to a response (multi-line data split into <c>data:</c> lines).</summary>
internal static class SseWriter
{
    /// <summary>How long the browser waits before reconnecting after the stream ends.</summary>
    public const int RetryMilliseconds = 3000;

    public static void Start(HttpResponse response)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>
    /// A <c>problem</c> event with the gateway's title and detail; the page shows it in its live status. The stream
    /// then ends and the browser reconnects after <see cref="RetryMilliseconds"/>.
    /// </summary>
    public static Task WriteProblemAsync(HttpResponse response, Gateway.GatewayProblem problem,
        CancellationToken cancellationToken) =>
        WriteAsync(response, "problem", problem.Title + (problem.Detail is null ? "" : ": " + problem.Detail), null,
            cancellationToken);

    public static async Task WriteAsync(HttpResponse response, string eventName, string data, string? id,
        CancellationToken cancellationToken)
    {
        var sb = new StringBuilder(data.Length + 64);
        sb.Append("retry: ").Append(RetryMilliseconds).Append('\n');
        if (id is not null)
        {
            sb.Append("id: ").Append(id).Append('\n');
        }

        sb.Append("event: ").Append(eventName).Append('\n');
        foreach (var line in data.Split('\n'))
        {
            sb.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        sb.Append('\n');
        await response.WriteAsync(sb.ToString(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
