// SPDX-License-Identifier: MIT
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>POST /api/devices</c> (add a device) and <c>POST /api/devices/{id}/credentials</c> (rotate its secret).
/// Both need the operator key and return the secret exactly once.
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
                Detail = $"Device '{request.Id}' is already provisioned; rotate its credentials instead.",
            });
        }

        return TypedResults.Created($"/api/devices/{request.Id}", new DeviceCredentialsDto(request.Id!, result.Secret!));
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
