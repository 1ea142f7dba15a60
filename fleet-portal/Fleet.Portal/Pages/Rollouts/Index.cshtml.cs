// SPDX-License-Identifier: MIT
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fleet.Portal.Pages.Rollouts;

/// <summary><c>/rollouts</c>: every rollout, newest first, with its progress; refreshed in place by rollouts.js.</summary>
public sealed class RolloutsIndexModel(GatewayApiClient gateway) : PageModel
{
    public IReadOnlyList<GatewayRollout> Rollouts { get; private set; } = [];

    public GatewayProblem? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var list = await gateway.GetRolloutsAsync(cancellationToken);
        Rollouts = list.Value?.OrderByDescending(r => r.CreatedAt).ToList() ?? [];
        Problem = list.Problem;
    }
}
