// SPDX-License-Identifier: MIT
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fleet.Portal.Pages;

/// <summary>
/// Fleet overview: counts, the device table (sort and filter, by state, text or label, in the query string) and open
/// alerts.
/// </summary>
public sealed class IndexModel(GatewayApiClient gateway) : PageModel
{
    /// <summary>Open alerts listed at most.</summary>
    public const int AlertLimit = 50;

    public FleetOverview? Fleet { get; private set; }

    public IReadOnlyList<GatewayAlert> Alerts { get; private set; } = [];

    public List<GatewayProblem> Problems { get; } = [];

    /// <summary>The device just retired from its page (after the redirect), for the notice.</summary>
    public string? Retired { get; private set; }

    public async Task OnGetAsync(string? show, string? q, string? label, string? sort, string? dir, string? retired,
        CancellationToken cancellationToken)
    {
        Retired = string.IsNullOrEmpty(retired) ? null : retired;
        var devices = gateway.GetDevicesAsync(cancellationToken);
        var alerts = gateway.GetAlertsAsync(true, null, AlertLimit, cancellationToken);
        var updating = gateway.GetUpdatingDeviceIdsAsync(cancellationToken);
        await Task.WhenAll(devices, alerts, updating).ConfigureAwait(false);

        foreach (var problem in new[] { devices.Result.Problem, alerts.Result.Problem, updating.Result.Problem })
        {
            if (problem is not null)
            {
                Problems.Add(problem);
            }
        }

        if (devices.Result.Value is { } list)
        {
            Fleet = new FleetOverview(list, updating.Result.Value ?? [], show, q, sort, dir, label);
        }

        Alerts = alerts.Result.Value ?? [];
    }
}
