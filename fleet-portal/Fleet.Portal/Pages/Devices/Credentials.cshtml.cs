// SPDX-License-Identifier: MIT
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Fleet.Portal.Pages.Devices;

/// <summary>
/// Rotates a device's secret, or returns a retired device to service (the same gateway call), operators only and
/// after an explicit tick that the browser and this page both insist on. The device page's panel posts here; GET
/// shows the same form on its own. The new secret is rendered into the POST's response only, with caching forbidden.
/// </summary>
[Authorize(Policy = PortalRoles.OperatorPolicy)]
public sealed class CredentialsModel(GatewayApiClient gateway, IOptions<PortalOptions> options) : PageModel
{
    public string Id { get; private set; } = "";

    public GatewayDevice? Device { get; private set; }

    public List<GatewayProblem> Problems { get; } = [];

    /// <summary>Why the last request was not sent (no tick), or null.</summary>
    public string? Error { get; private set; }

    /// <summary>The new credentials, set only in a successful POST's response.</summary>
    public IssuedCredentials? Issued { get; private set; }

    public bool Retired => Device?.RetiredAt is not null;

    public CredentialsForm Form => new(Id, Retired, Error, gateway.CanChange);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, bool confirm, CancellationToken cancellationToken)
    {
        // The device's state decides what the answer says (rotated or back in service); when it cannot be read,
        // nothing is sent.
        await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (Device is null)
        {
            return Page();
        }

        if (!confirm)
        {
            Error = CredentialsForm.MissingConfirmation(id, Retired);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (!gateway.CanChange)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var result = await gateway.RotateCredentialsAsync(id, cancellationToken).ConfigureAwait(false);
        if (result.Value is { } credentials)
        {
            IssuedCredentials.MarkNoStore(Response);
            Issued = new IssuedCredentials(credentials.Id, credentials.Secret,
                IssuedCredentials.BrokerAddressOf(options.Value), Retired ? IssueKind.Returned : IssueKind.Rotated);
            return Page();
        }

        Problems.Add(CredentialProblems.ForRotate(result.Problem!, id));
        Response.StatusCode = result.Problem!.Status;
        return Page();
    }

    private async Task LoadAsync(string id, CancellationToken cancellationToken)
    {
        Id = id;
        var device = await gateway.GetDeviceAsync(id, cancellationToken).ConfigureAwait(false);
        Device = device.Value;
        if (device.Problem is { } p)
        {
            Problems.Add(p.Status == StatusCodes.Status404NotFound
                ? p with { Title = "Unknown device", Detail = $"The gateway has no device '{id}'." }
                : p);
            Response.StatusCode = p.Status;
        }
    }
}
