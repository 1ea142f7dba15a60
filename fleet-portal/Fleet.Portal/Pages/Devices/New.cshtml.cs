// SPDX-License-Identifier: MIT
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Fleet.Portal.Pages.Devices;

/// <summary>
/// Adds a device (operators only, GET and POST: a viewer gets 403). The gateway checks the id; its answer's secret
/// is rendered into this POST's response only, with caching forbidden, and is not kept anywhere.
/// </summary>
[Authorize(Policy = PortalRoles.OperatorPolicy)]
public sealed class NewModel(GatewayApiClient gateway, IOptions<PortalOptions> options) : PageModel
{
    /// <summary>The id typed in (kept after a refusal).</summary>
    [BindProperty]
    public string? DeviceId { get; set; }

    /// <summary>The gateway's message for the id field (400), or null.</summary>
    public string? IdError { get; private set; }

    /// <summary>Why the device was not added (409, 401, unreachable …), or null.</summary>
    public GatewayProblem? Problem { get; private set; }

    /// <summary>The new device's credentials, set only in a successful POST's response.</summary>
    public IssuedCredentials? Issued { get; private set; }

    public bool CanChange => gateway.CanChange;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var id = DeviceId?.Trim() ?? "";
        DeviceId = id;
        if (!gateway.CanChange)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var result = await gateway.CreateDeviceAsync(id, cancellationToken).ConfigureAwait(false);
        if (result.Value is { } credentials)
        {
            IssuedCredentials.MarkNoStore(Response);
            Issued = new IssuedCredentials(credentials.Id, credentials.Secret,
                IssuedCredentials.BrokerAddressOf(options.Value), IssueKind.Added);
            return Page();
        }

        var problem = result.Problem!;
        IdError = problem.Status == StatusCodes.Status400BadRequest ? problem.ErrorFor("id") : null;
        if (IdError is null)
        {
            Problem = CredentialProblems.ForCreate(problem, id);
        }

        Response.StatusCode = problem.Status;
        return Page();
    }
}
