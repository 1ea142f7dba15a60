// SPDX-License-Identifier: MIT
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Http;

namespace Fleet.Portal.Pages.Devices;

/// <summary>
/// Words a failed add or rotation in terms an operator can act on. The page checks for a missing operator key before
/// calling, so a 401 here is always the gateway refusing the key the portal holds.
/// </summary>
public static class CredentialProblems
{
    /// <summary>The problem to show for a failed <c>POST /api/devices</c> of <paramref name="id"/>.</summary>
    public static GatewayProblem ForCreate(GatewayProblem problem, string id)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Status switch
        {
            StatusCodes.Status401Unauthorized => KeyRefused(problem),
            StatusCodes.Status409Conflict => problem with
            {
                Title = $"Device {id} already exists",
                Detail = problem.Detail ?? $"The gateway already has a device '{id}'. Nothing was created.",
            },
            >= 500 => Uncertain(problem,
                $"No device was shown as added. If the gateway received the request before it failed, {id} may exist "
                + "now with a secret nobody has seen: then open its page and rotate its credentials."),
            _ => problem,
        };
    }

    /// <summary>The problem to show for a failed <c>POST /api/devices/{id}/credentials</c>.</summary>
    public static GatewayProblem ForRotate(GatewayProblem problem, string id)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Status switch
        {
            StatusCodes.Status401Unauthorized => KeyRefused(problem),
            StatusCodes.Status404NotFound => problem with
            {
                Title = "Unknown device",
                Detail = $"The gateway has no device '{id}'. Nothing was changed.",
            },
            >= 500 => Uncertain(problem,
                $"No new secret was shown. If the gateway received the request before it failed, {id}'s secret may "
                + "have changed already: rotate again to get one you can use."),
            _ => problem,
        };
    }

    private static GatewayProblem KeyRefused(GatewayProblem problem) => problem with
    {
        Title = "The gateway refused the portal's operator key",
        Detail = "Nothing was changed. The portal's Portal:OperatorKey (or Portal:OperatorKeyFile) does not match "
            + "the gateway's Api:OperatorKey; an administrator has to correct the portal's configuration."
            + (string.IsNullOrEmpty(problem.Detail) ? "" : " Gateway: " + problem.Detail),
    };

    private static GatewayProblem Uncertain(GatewayProblem problem, string advice) => problem with
    {
        Detail = (string.IsNullOrEmpty(problem.Detail) ? "" : problem.Detail + " ") + advice,
    };
}
