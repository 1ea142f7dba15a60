// SPDX-License-Identifier: MIT
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Gateway.Api;

/// <summary>The management API's error bodies (RFC 9457 ProblemDetails).</summary>
internal static class ApiProblems
{
    public static NotFound<ProblemDetails> UnknownDevice(string id) => TypedResults.NotFound(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown device",
        Detail = $"No device '{id}' is provisioned.",
    });

    /// <summary>409: a change for a device that is out of service would sit retained for nobody.</summary>
    public static Conflict<ProblemDetails> RetiredDevice(string id, DateTimeOffset retiredAt) =>
        TypedResults.Conflict(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Device retired",
            Detail = $"Device '{id}' was retired at {retiredAt:O}; rotate its credentials (POST /api/devices/{id}/credentials) to return it to service first.",
        });

    /// <summary>400 naming one field.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
