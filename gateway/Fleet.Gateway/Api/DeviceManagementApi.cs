// SPDX-License-Identifier: MIT
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>POST /api/devices</c> (add a device), <c>POST /api/devices/{id}/credentials</c> (rotate its secret; returns a
/// retired device to service) and <c>DELETE /api/devices/{id}</c> (retire it). All need the operator key; the first
/// two return the secret exactly once.
/// </summary>
public static class DeviceManagementApi
{
    public static IEndpointRouteBuilder MapDeviceManagementApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/devices").WithTags("Devices").AddEndpointFilter<OperatorKeyFilter>();
        group.MapPost("/", CreateDeviceAsync).WithName("CreateDevice").ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/{id}/credentials", RotateCredentialsAsync).WithName("RotateDeviceCredentials")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapDelete("/{id}", RetireDeviceAsync).WithName("RetireDevice")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<Results<Created<DeviceCredentialsDto>, ValidationProblem, Conflict<ProblemDetails>>>
        CreateDeviceAsync(CreateDeviceRequest request, DeviceRegistry registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!DeviceIds.IsValid(request.Id))
        {
            return ApiProblems.Invalid("id", "A device id is 1-32 characters of [A-Za-z0-9._-].");
        }

        var result = await registry.CreateAsync(request.Id!, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Device exists",
                Detail = result.Code == ProvisioningCode.AlreadyExistsRetired
                    ? $"Device '{request.Id}' exists and is retired; to return it to service, rotate its credentials "
                        + $"(POST /api/devices/{request.Id}/credentials)."
                    : $"Device '{request.Id}' is already provisioned; rotate its credentials instead.",
            });
        }

        return TypedResults.Created($"/api/devices/{request.Id}", new DeviceCredentialsDto(request.Id!, result.Secret!));
    }

    /// <summary>
    /// Retires the device: it can no longer connect or send data, drops out of the device list, alerts and rollouts;
    /// its history stays. 204 also when it already was retired (every step runs again).
    /// </summary>
    public static async Task<Results<NoContent, NotFound<ProblemDetails>>> RetireDeviceAsync(
        string id, DeviceRetirement retirement, CancellationToken cancellationToken)
    {
        if (await retirement.RetireAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return ApiProblems.UnknownDevice(id);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<DeviceCredentialsDto>, NotFound<ProblemDetails>>> RotateCredentialsAsync(
        string id, DeviceRegistry registry, CancellationToken cancellationToken)
    {
        var result = await registry.RotateSecretAsync(id, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess
            ? TypedResults.Ok(new DeviceCredentialsDto(id, result.Secret!))
            : ApiProblems.UnknownDevice(id);
    }
}
