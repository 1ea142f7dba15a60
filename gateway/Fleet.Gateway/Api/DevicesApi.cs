// SPDX-License-Identifier: MIT
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Fleet.Gateway.Devices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>GET /api/devices</c> (in service; <c>?includeRetired=true</c> adds retired ones, <c>?label=</c> keeps those
/// carrying the label), <c>GET /api/devices/{id}</c>
/// (retired ones too) and the live stream <c>GET /api/devices/stream</c> (in service).
/// </summary>
public static class DevicesApi
{
    /// <summary>SSE event name carrying the device list.</summary>
    public const string StreamEventName = "devices";

    /// <summary>Least time between two stream events: changes in between are coalesced (at most 2 per second).</summary>
    public static readonly TimeSpan StreamMinInterval = TimeSpan.FromMilliseconds(500);

    public static IEndpointRouteBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/devices").WithTags("Devices");
        group.MapGet("/", GetDevicesAsync).WithName("GetDevices");
        group.MapGet("/stream", StreamDevices).WithName("StreamDevices");
        group.MapGet("/{id}", GetDeviceAsync).WithName("GetDevice");
        return app;
    }

    /// <param name="devices">The read model.</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <param name="includeRetired">true: retired devices too (each with its <c>retiredAt</c>); default: in service only.</param>
    /// <param name="label">Only devices carrying this label (400 if it is no valid label).</param>
    public static async Task<Results<Ok<IReadOnlyList<DeviceDto>>, ValidationProblem>> GetDevicesAsync(
        DeviceReadModel devices, CancellationToken cancellationToken, bool? includeRetired = null,
        string? label = null)
    {
        if (label is not null && !DeviceLabels.IsValid(label))
        {
            return ApiProblems.Invalid("label", $"'{label}' is not a valid label. {DeviceLabels.Rule}");
        }

        return TypedResults.Ok(await devices.GetAllAsync(cancellationToken, includeRetired == true, label)
            .ConfigureAwait(false));
    }

    public static async Task<Results<Ok<DeviceDto>, NotFound>> GetDeviceAsync(
        string id, DeviceReadModel devices, CancellationToken cancellationToken) =>
        await devices.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } device
            ? TypedResults.Ok(device)
            : TypedResults.NotFound();

    public static ServerSentEventsResult<IReadOnlyList<DeviceDto>> StreamDevices(
        DeviceReadModel devices,
        DeviceChangeSignal changes,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(
            StreamAsync(devices, changes, time, lifetime.ApplicationStopping, cancellationToken),
            StreamEventName);

    private static async IAsyncEnumerable<IReadOnlyList<DeviceDto>> StreamAsync(
        DeviceReadModel devices,
        DeviceChangeSignal changes,
        TimeProvider time,
        CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The request ends when the client goes away or the host stops (a stream never ends on its own, and
        // would otherwise hold shutdown until Kestrel's timeout).
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        var token = linked.Token;
        while (!token.IsCancellationRequested)
        {
            var seen = changes.Version;
            IReadOnlyList<DeviceDto> snapshot;
            try
            {
                snapshot = await devices.GetAllAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            yield return snapshot;

            try
            {
                await changes.WaitForChangeAsync(seen, token).ConfigureAwait(false);
                await Task.Delay(StreamMinInterval, time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
