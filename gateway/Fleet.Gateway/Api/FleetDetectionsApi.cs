// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Api;

/// <summary>
/// Detections of the whole fleet, for the portal's live feed: <c>GET /api/detections?deviceId=&amp;kind=&amp;limit=</c>
/// (the latest, newest first) and <c>GET /api/detections/stream?deviceId=&amp;kind=&amp;after=</c> (server-sent
/// events named <c>detection</c>, one per stored detection in store order, event id = store id).
/// </summary>
public static class FleetDetectionsApi
{
    /// <summary>SSE event name of one detection.</summary>
    public const string StreamEventName = "detection";

    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Rows read per query while a stream catches up.</summary>
    private const int StreamBatch = 200;

    public static IEndpointRouteBuilder MapFleetDetectionsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/detections").WithTags("Detections");
        group.MapGet("/", GetLatestAsync).WithName("GetFleetDetections");
        group.MapGet("/stream", Stream).WithName("StreamFleetDetections");
        return app;
    }

    public static async Task<Results<Ok<List<FleetDetectionDto>>, ValidationProblem>> GetLatestAsync(
        string? deviceId, string? kind, string? limit, FleetDatabase database, CancellationToken cancellationToken)
    {
        if (!TryParseKind(kind, out var detector))
        {
            return ApiProblems.Invalid("kind", "One of face, smile, thermalPerson, classifier.");
        }

        var max = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out max)
                || max < 1 || max > MaxLimit))
        {
            return ApiProblems.Invalid("limit", $"An integer from 1 to {MaxLimit}.");
        }

        var rows = await new FleetDetectionReader(database)
            .ReadAsync(Blank(deviceId), detector, null, max, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(rows);
    }

    /// <summary>
    /// Detections stored after <c>after</c> (a store id; absent: from now on), then each new one as it is stored.
    /// Woken by the same change signal as the device stream, so a detection is sent once its row is committed.
    /// </summary>
    public static async Task<Results<EmptyHttpResult, ValidationProblem>> Stream(
        string? deviceId, string? kind, string? after, FleetDatabase database, DeviceChangeSignal changes,
        IHostApplicationLifetime lifetime, IOptions<JsonOptions> json, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!TryParseKind(kind, out var detector))
        {
            return ApiProblems.Invalid("kind", "One of face, smile, thermalPerson, classifier.");
        }

        long? afterId = null;
        if (after is not null)
        {
            if (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return ApiProblems.Invalid("after", "A detection id (a non-negative integer).");
            }

            afterId = parsed;
        }

        var reader = new FleetDetectionReader(database);
        var start = afterId ?? await reader.LatestIdAsync(cancellationToken).ConfigureAwait(false);

        // Headers go out now rather than with the first detection, which may be hours away: a client (the portal's
        // relay) learns at once that the stream is open, and no client timeout runs out waiting for headers.
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        var options = json.Value.SerializerOptions;
        try
        {
            await SseFormatter.WriteAsync(
                StreamAsync(reader, Blank(deviceId), detector, start, changes, lifetime.ApplicationStopping,
                    cancellationToken),
                response.Body,
                (item, buffer) =>
                {
                    using var writer = new Utf8JsonWriter(buffer);
                    JsonSerializer.Serialize(writer, item.Data, options);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client left or the host stops.
        }

        return TypedResults.Empty;
    }

    private static async IAsyncEnumerable<SseItem<FleetDetectionDto>> StreamAsync(FleetDetectionReader reader,
        string? deviceId, DetectorKind? detector, long afterId, DeviceChangeSignal changes, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The request ends when the client goes away or the host stops (see DevicesApi.StreamDevices).
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        var token = linked.Token;
        var last = afterId;
        while (!token.IsCancellationRequested)
        {
            // Read the version before the rows: a detection committed in between wakes the next wait at once.
            var seen = changes.Version;
            List<FleetDetectionDto> rows;
            try
            {
                rows = await reader.ReadAsync(deviceId, detector, last, StreamBatch, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            foreach (var row in rows)
            {
                last = row.Id;
                yield return new SseItem<FleetDetectionDto>(row, StreamEventName)
                {
                    EventId = row.Id.ToString(CultureInfo.InvariantCulture),
                };
            }

            if (rows.Count == StreamBatch)
            {
                continue;
            }

            try
            {
                await changes.WaitForChangeAsync(seen, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static bool TryParseKind(string? kind, out DetectorKind? detector)
    {
        detector = null;
        if (string.IsNullOrEmpty(kind))
        {
            return true;
        }

        if (!DetectorNames.TryParse(kind, out var parsed))
        {
            return false;
        }

        detector = parsed;
        return true;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
