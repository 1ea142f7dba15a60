// SPDX-License-Identifier: MIT
using System.Text.Json;
using Fleet.Gateway.Devices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>PUT /api/devices/{id}/labels</c> (operator key): replaces the device's labels, the group registry rollouts
/// target and the overview filters by. A retired device's labels are kept but cannot be changed (409), as its
/// config cannot.
/// </summary>
public static class DeviceLabelsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapDeviceLabelsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGroup("/api/devices").WithTags("Devices")
            .MapPut("/{id}/labels", PutLabelsAsync).WithName("PutDeviceLabels")
            .Accepts<DeviceLabelsDto>("application/json")
            .AddEndpointFilter<OperatorKeyFilter>().ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    /// <summary>
    /// The body is read here rather than bound, so that one that is not <c>{"labels": [...]}</c> (no JSON, wrong
    /// types) is a 400 naming <c>labels</c> like every other refusal, not the framework's bare 400.
    /// </summary>
    public static async Task<Results<Ok<DeviceLabelsDto>, ValidationProblem, NotFound<ProblemDetails>,
            Conflict<ProblemDetails>>>
        PutLabelsAsync(string id, HttpRequest request, DeviceRegistry registry, DeviceLabelStore labels,
            CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(labels);
        var body = await ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (body?.Labels is not { } requested)
        {
            return ApiProblems.Invalid("labels", "Send {\"labels\": [\"site:north\", ...]}: an array of label strings.");
        }

        if (DeviceLabels.Normalize(requested, out var error) is not { } normalized)
        {
            return ApiProblems.Invalid("labels", error!);
        }

        if (!await registry.ExistsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.UnknownDevice(id);
        }

        if (await registry.GetRetiredAtAsync(id, cancellationToken).ConfigureAwait(false) is { } retiredAt)
        {
            return ApiProblems.RetiredDevice(id, retiredAt);
        }

        await labels.ReplaceAsync(id, normalized, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new DeviceLabelsDto(
            await labels.GetAsync(id, cancellationToken).ConfigureAwait(false)));
    }

    private static async Task<LabelsBody?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<LabelsBody>(request.Body, Json, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The request as read: null elements survive, so they are refused by name rather than dropped.</summary>
    private sealed record LabelsBody(IReadOnlyList<string?>? Labels);
}
