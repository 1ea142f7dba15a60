// SPDX-License-Identifier: MIT
using Fleet.Gateway.Models;
using Fleet.Sim.Preview;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>GET /api/models/{id}/{version}/preview[?against=V]</c> (JSON) and <c>…/preview.svg</c> (the plot): the
/// energy and battery-life preview shown before a rollout. 404 unknown model or <c>against</c> version, 422 a model
/// without measured figures (uploaded without a report), 409 no device with a configuration to preview.
/// </summary>
public static class ModelPreviewApi
{
    public static IEndpointRouteBuilder MapModelPreviewApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/models").WithTags("Models");
        group.MapGet("/{id}/{version}/preview", GetAsync).WithName("GetModelPreview")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id}/{version}/preview.svg", GetSvgAsync).WithName("GetModelPreviewSvg")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public static async Task<Results<Ok<ModelPreviewDto>, ProblemHttpResult>> GetAsync(string id, uint version,
        uint? against, ModelPreviewService previews, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(previews);
        var outcome = await previews.PreviewAsync(id, version, against, cancellationToken).ConfigureAwait(false);
        return outcome.Result is null ? Problem(outcome) : TypedResults.Ok(ToDto(outcome));
    }

    public static async Task<IResult> GetSvgAsync(string id, uint version, uint? against, ModelPreviewService previews,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(previews);
        var outcome = await previews.PreviewAsync(id, version, against, cancellationToken).ConfigureAwait(false);
        return outcome.Result is null
            ? Problem(outcome)
            : TypedResults.Text(ModelPreviewPlot.Svg(outcome.Result), "image/svg+xml");
    }

    public static ModelPreviewDto ToDto(ModelPreviewOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var r = outcome.Result!;
        return new ModelPreviewDto(outcome.Candidate!.ModelId, outcome.Candidate.ModelVersion,
            outcome.Against?.ModelVersion, outcome.Scope, outcome.Unconfigured, Path.GetFileName(r.BoardProfile),
            r.RadioProfile is null ? null : Path.GetFileName(r.RadioProfile), r.ClockMhz, r.Cpi, Cost(r.Candidate),
            r.Current is null ? null : Cost(r.Current),
            r.Configurations.Select(c => new ModelPreviewGroupDto(c.Name, c.Devices, c.InferencesPerDay,
                c.CurrentInstructions, c.CurrentLifeDays, c.CurrentEndReason, c.CandidateLifeDays, c.CandidateEndReason,
                c.DifferenceDays, c.DifferencePct, c.CurrentCnnMjPerDay, c.CandidateCnnMjPerDay)).ToList());
    }

    private static ModelPreviewCostDto Cost(ModelFigures f) => new(f.Model.Label, f.Model.InstructionsPerInference,
        f.MillisecondsPerInference, f.MillijoulesPerInference, f.Model.Accuracy, f.Model.AccuracyDataset);

    private static ProblemHttpResult Problem(ModelPreviewOutcome outcome) => TypedResults.Problem(new ProblemDetails
    {
        Status = outcome.Status,
        Title = outcome.Title,
        Detail = outcome.Detail,
    });
}
