// SPDX-License-Identifier: MIT
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fleet.Portal.Pages.Rollouts;

/// <summary>
/// <c>/rollouts/{id}</c>: progress per wave and per device, refreshed in place by rollouts.js, and pause / resume /
/// abort for operators (POST with antiforgery; the gateway's refusal, e.g. 409 on a finished rollout, is shown).
/// </summary>
public sealed class RolloutDetailsModel(GatewayApiClient gateway) : PageModel
{
    [FromRoute]
    public string Id { get; set; } = "";

    public GatewayRollout? Rollout { get; private set; }

    public GatewayProblem? Problem { get; private set; }

    /// <summary>Why the last action was refused.</summary>
    public GatewayProblem? ActionProblem { get; private set; }

    public bool IsOperator => User.IsInRole(PortalRoles.Operator);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Problem?.Status == StatusCodes.Status404NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    public Task<IActionResult> OnPostPauseAsync(CancellationToken cancellationToken) => ActAsync("pause", cancellationToken);

    public Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken) => ActAsync("resume", cancellationToken);

    public Task<IActionResult> OnPostAbortAsync(CancellationToken cancellationToken) => ActAsync("abort", cancellationToken);

    private async Task<IActionResult> ActAsync(string action, CancellationToken cancellationToken)
    {
        var result = await gateway.ActOnRolloutAsync(Id, action, cancellationToken);
        if (result.IsSuccess)
        {
            // Post/redirect/get: a reload does not send the action again.
            return Redirect("/rollouts/" + Uri.EscapeDataString(Id));
        }

        ActionProblem = result.Problem;
        Response.StatusCode = result.Problem!.Status is >= 400 and < 600 ? result.Problem.Status : StatusCodes.Status502BadGateway;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var r = await gateway.GetRolloutAsync(Id, cancellationToken);
        Rollout = r.Value;
        Problem = r.Problem;
    }
}
