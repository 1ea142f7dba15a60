// SPDX-License-Identifier: MIT
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>GET /api/devices/{id}/detections</c> (filtered, keyset-paged) and <c>GET /api/devices/{id}/telemetry</c>
/// (downsampled in SQL). Query values are parsed here, not by the binder, so a bad one yields a 400 that names it.
/// </summary>
public static partial class DeviceDataApi
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    /// <summary>Most buckets one series may have; a wider bucket is needed for a longer range.</summary>
    public const int MaxBuckets = 10_000;

    /// <summary>Range of a series when <c>from</c> is not given.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(1);

    public static IEndpointRouteBuilder MapDeviceDataApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/devices").WithTags("Devices");
        group.MapGet("/{id}/detections", GetDetectionsAsync).WithName("GetDeviceDetections");
        group.MapGet("/{id}/telemetry", GetTelemetryAsync).WithName("GetDeviceTelemetry");
        return app;
    }

    /// <summary>Detections newest first; <c>from</c>/<c>to</c> are ISO-8601 receive times, <c>kind</c> a detector name.</summary>
    public static async Task<Results<Ok<DetectionPageDto>, ValidationProblem, NotFound<ProblemDetails>>>
        GetDetectionsAsync(string id, string? from, string? to, string? kind, string? cursor, string? limit,
            DeviceRegistry registry, DetectionQueries detections, CancellationToken cancellationToken)
    {
        if (!TryParseTime(from, out var fromAt))
        {
            return ApiProblems.Invalid("from", "Expected an ISO-8601 date and time, e.g. 2025-01-31T12:00:00Z.");
        }

        if (!TryParseTime(to, out var toAt))
        {
            return ApiProblems.Invalid("to", "Expected an ISO-8601 date and time, e.g. 2025-01-31T12:00:00Z.");
        }

        if (fromAt is { } f && toAt is { } t && f >= t)
        {
            return ApiProblems.Invalid("to", "Must be later than 'from'.");
        }

        DetectorKind? detector = null;
        if (kind is not null)
        {
            if (!DetectorNames.TryParse(kind, out var parsed))
            {
                return ApiProblems.Invalid("kind", "One of face, smile, thermalPerson, classifier.");
            }

            detector = parsed;
        }

        long? beforeId = null;
        if (cursor is not null)
        {
            if (!TryDecodeCursor(cursor, out var decoded))
            {
                return ApiProblems.Invalid("cursor", "Not a cursor returned by this endpoint.");
            }

            beforeId = decoded;
        }

        var pageSize = DefaultPageSize;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize)
                || pageSize < 1 || pageSize > MaxPageSize))
        {
            return ApiProblems.Invalid("limit", $"An integer from 1 to {MaxPageSize}.");
        }

        if (!await registry.ExistsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.UnknownDevice(id);
        }

        // One row more than the page tells whether another page exists without a COUNT.
        var rows = await detections.GetPageAsync(id, fromAt, toAt, detector, beforeId, pageSize + 1, cancellationToken)
            .ConfigureAwait(false);
        var page = rows.Take(pageSize).Select(ToDto).ToList();
        var next = rows.Count > pageSize ? EncodeCursor(rows[pageSize - 1].Id) : null;
        return TypedResults.Ok(new DetectionPageDto(page, next));
    }

    /// <summary>
    /// Telemetry in [<c>from</c>, <c>to</c>) (default: the last day up to now) in buckets of <c>bucket</c>
    /// (<c>15m</c>, <c>1h</c>, <c>1d</c>, ISO-8601 <c>PT15M</c> or <c>hh:mm:ss</c>; default: about 200 buckets,
    /// at least a minute).
    /// </summary>
    public static async Task<Results<Ok<TelemetrySeriesDto>, ValidationProblem, NotFound<ProblemDetails>>>
        GetTelemetryAsync(string id, string? from, string? to, string? bucket, DeviceRegistry registry,
            TelemetryQueries telemetry, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryParseTime(from, out var fromAt))
        {
            return ApiProblems.Invalid("from", "Expected an ISO-8601 date and time, e.g. 2025-01-31T12:00:00Z.");
        }

        if (!TryParseTime(to, out var toAt))
        {
            return ApiProblems.Invalid("to", "Expected an ISO-8601 date and time, e.g. 2025-01-31T12:00:00Z.");
        }

        var end = toAt ?? time.GetUtcNow();
        var start = fromAt ?? end - DefaultRange;
        if (start >= end)
        {
            return ApiProblems.Invalid("from", "Must be earlier than 'to'.");
        }

        TimeSpan width;
        if (bucket is null)
        {
            var minutes = Math.Max(1, Math.Ceiling((end - start).TotalMinutes / 200));
            width = TimeSpan.FromMinutes(minutes);
        }
        else if (!TryParseDuration(bucket, out width) || width < TimeSpan.FromSeconds(1))
        {
            return ApiProblems.Invalid("bucket", "A duration of at least one second, e.g. 15m, 1h, 1d or PT15M.");
        }

        if ((end - start) / width > MaxBuckets)
        {
            return ApiProblems.Invalid("bucket", $"Too narrow for the range: at most {MaxBuckets} buckets.");
        }

        if (!await registry.ExistsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.UnknownDevice(id);
        }

        var buckets = await telemetry.GetBucketsAsync(id, start, end, width, cancellationToken).ConfigureAwait(false);
        var points = buckets.Select(b => new TelemetryPointDto(
            b.Start.UtcDateTime, b.Samples, Math.Round(b.BatteryMvAvg, 1), b.BatteryMvMin,
            Math.Round(b.SocPmAvg / 10, 2), b.SocPmMin / 10.0, Math.Round(b.TemperatureCcAvg / 100, 2),
            b.ChargeUsedUahMax, Math.Round(b.RssiDbmAvg, 1))).ToList();
        return TypedResults.Ok(new TelemetrySeriesDto(id, start.UtcDateTime, end.UtcDateTime, width, points));
    }

    private static DetectionDto ToDto(StoredDetection d) => new(
        d.Id,
        d.Sequence,
        d.ReceivedAt.UtcDateTime,
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(d.DeviceTimeMs, 253_402_300_799_999UL)).UtcDateTime,
        DetectorNames.Of(d.Detector),
        d.Boxes.Select(b => new DetectionBoxDto(b.X, b.Y, b.Width, b.Height, b.ScorePmy / 10_000.0, b.Label)).ToList(),
        d.ModelId,
        d.ModelVersion,
        d.InferenceUs,
        d.InferenceMacs,
        d.EnergyUj);

    private static bool TryParseTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    private static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        var shorthand = ShorthandDuration().Match(text);
        if (shorthand.Success)
        {
            var n = long.Parse(shorthand.Groups[1].Value, CultureInfo.InvariantCulture);
            value = shorthand.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
            return true;
        }

        if (text.StartsWith('P'))
        {
            try
            {
                value = XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    // The cursor is opaque to clients (base64url of the last id), so the paging key can change later.
    private static string EncodeCursor(long id) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(id.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecodeCursor(string cursor, out long id)
    {
        id = 0;
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^([0-9]{1,6})(s|m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex ShorthandDuration();
}
