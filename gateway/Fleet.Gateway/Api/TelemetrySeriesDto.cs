// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>A device's telemetry over [<see cref="From"/>, <see cref="To"/>), downsampled into buckets.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="From">Range start (UTC, inclusive).</param>
/// <param name="To">Range end (UTC, exclusive).</param>
/// <param name="Bucket">Bucket width (<c>d.hh:mm:ss</c>).</param>
/// <param name="Points">Non-empty buckets, oldest first.</param>
public sealed record TelemetrySeriesDto(
    string DeviceId, DateTime From, DateTime To, TimeSpan Bucket, IReadOnlyList<TelemetryPointDto> Points);
