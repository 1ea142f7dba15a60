// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Portal.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fleet.Portal.Pages.Models;

/// <summary>
/// <c>/models/{id}/{version}</c>: the model's figures, its energy and battery-life preview per fleet group (table and
/// plot, against a chosen or the gateway's default version) and the form that starts a rollout of it.
/// </summary>
public sealed class ModelDetailsModel(GatewayApiClient gateway) : PageModel
{
    [FromRoute]
    public string Id { get; set; } = "";

    [FromRoute]
    public uint Version { get; set; }

    /// <summary>The version to compare against; null = the gateway's default (the one most devices run).</summary>
    [FromQuery(Name = "against")]
    public uint? Against { get; set; }

    [FromQuery(Name = "uploaded")]
    public bool JustUploaded { get; set; }

    public GatewayModel? Item { get; private set; }

    public GatewayProblem? ModelProblem { get; private set; }

    /// <summary>Other stored versions of the same model (for the comparison choice).</summary>
    public IReadOnlyList<GatewayModel> Siblings { get; private set; } = [];

    public GatewayModelPreview? Preview { get; private set; }

    /// <summary>Why there is no preview (e.g. 422: uploaded without a report).</summary>
    public GatewayProblem? PreviewProblem { get; private set; }

    public GatewayProblem? RolloutProblem { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.OrdinalIgnoreCase);

    [BindProperty]
    public RolloutForm Form { get; set; } = new();

    public bool IsOperator => User.IsInRole(PortalRoles.Operator);

    /// <summary>Query string of the plot handler for the same comparison.</summary>
    public string SvgUrl => $"{ModelsIndexModel.DetailsPath(Id, Version)}?handler=svg" +
        (Against is { } a ? "&against=" + a.ToString(CultureInfo.InvariantCulture) : "");

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (ModelProblem?.Status == StatusCodes.Status404NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    /// <summary>The preview plot as an SVG image (the gateway draws it with the simulator's plot).</summary>
    public async Task<IActionResult> OnGetSvgAsync(CancellationToken cancellationToken)
    {
        var svg = await gateway.GetModelPreviewSvgAsync(Id, Version, Against, cancellationToken);
        return svg.Value is { } text
            ? Content(text, "image/svg+xml")
            : StatusCode(svg.Problem!.Status, svg.Problem.Title);
    }

    public async Task<IActionResult> OnPostRolloutAsync(CancellationToken cancellationToken)
    {
        var request = Form.ToRequest(Id, Version, FieldErrors);
        if (request is not null)
        {
            var created = await gateway.CreateRolloutAsync(request, cancellationToken);
            if (created.Value is { } rollout)
            {
                return Redirect("/rollouts/" + Uri.EscapeDataString(rollout.Id));
            }

            RolloutProblem = created.Problem;
            foreach (var (field, messages) in created.Problem!.Errors)
            {
                FieldErrors[field] = string.Join(" ", messages);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var model = await gateway.GetModelAsync(Id, Version, cancellationToken);
        Item = model.Value;
        ModelProblem = model.Problem;
        if (Item is null)
        {
            return;
        }

        var all = await gateway.GetModelsAsync(cancellationToken);
        Siblings = all.Value?.Where(m => m.ModelId == Id && m.ModelVersion != Version)
            .OrderByDescending(m => m.ModelVersion).ToList() ?? [];
        var preview = await gateway.GetModelPreviewAsync(Id, Version, Against, cancellationToken);
        Preview = preview.Value;
        PreviewProblem = preview.Problem;
    }
}
