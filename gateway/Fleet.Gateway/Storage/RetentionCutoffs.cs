// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Storage;

/// <summary>What one retention sweep removes: rows received (aggregates: hours starting) before each time.</summary>
/// <param name="RawTelemetryBefore">On a whole hour, so every aggregated hour is complete.</param>
/// <param name="HourlyTelemetryBefore">Aggregates of hours that start before this are deleted.</param>
/// <param name="DetectionsBefore">Detections received before this are deleted.</param>
public sealed record RetentionCutoffs(
    DateTimeOffset RawTelemetryBefore, DateTimeOffset HourlyTelemetryBefore, DateTimeOffset DetectionsBefore)
{
    /// <summary>The cutoffs for <paramref name="now"/> under <paramref name="options"/>.</summary>
    public static RetentionCutoffs For(DateTimeOffset now, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var raw = now - options.RawTelemetry;
        // Whole hours only: an hour rolled up is then never rolled again with rows that arrived later.
        var rawHour = new DateTimeOffset(raw.UtcTicks - raw.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);
        return new RetentionCutoffs(rawHour, now - options.HourlyTelemetry, now - options.Detections);
    }
}
