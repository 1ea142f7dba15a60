// SPDX-License-Identifier: MIT
using Fleet.Gateway.Rollouts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>POST /api/rollouts</c> (create; operator key), <c>GET /api/rollouts</c>, <c>GET /api/rollouts/{id}</c>,
/// <c>POST /api/rollouts/{id}/pause|resume|abort</c> (operator key). docs/rollouts.md describes the body.
/// </summary>
public static class RolloutsApi
{
    public static IEndpointRouteBuilder MapRolloutsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/rollouts").WithTags("Rollouts");
        group.MapPost("/", CreateAsync).WithName("CreateRollout")
            .AddEndpointFilter<OperatorKeyFilter>().ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", ListAsync).WithName("GetRollouts");
        group.MapGet("/{id}", GetAsync).WithName("GetRollout");
        foreach (var action in new[] { "pause", "resume", "abort" })
        {
            group.MapPost("/{id}/" + action, (string id, RolloutEngine engine, CancellationToken ct) =>
                    ActAsync(id, action, engine, ct))
                .WithName(char.ToUpperInvariant(action[0]) + action[1..] + "Rollout")
                .AddEndpointFilter<OperatorKeyFilter>().ProducesProblem(StatusCodes.Status401Unauthorized);
        }

        return app;
    }

    public static async Task<Results<Created<RolloutDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>>
        CreateAsync(RolloutPlanRequest request, RolloutPlanner planner, RolloutEngine engine,
            CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentNullException.ThrowIfNull(engine);
        var plan = await planner.PlanAsync(request, cancellationToken).ConfigureAwait(false);
        if (plan.Rollout is null)
        {
            return plan.Status == StatusCodes.Status404NotFound
                ? TypedResults.NotFound(new ProblemDetails
                {
                    Status = StatusCodes.Status404NotFound,
                    Title = "Unknown model",
                    Detail = plan.Errors.Values.First()[0],
                })
                : TypedResults.ValidationProblem(plan.Errors);
        }

        var clash = await engine.StartAsync(plan.Rollout, cancellationToken).ConfigureAwait(false);
        if (clash is not null)
        {
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Device already in a rollout",
                Detail = clash,
            });
        }

        var created = await engine.GetAsync(plan.Rollout.Id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/rollouts/{plan.Rollout.Id}", ToDto(created!));
    }

    public static async Task<Ok<List<RolloutDto>>> ListAsync(RolloutEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var all = await engine.ListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(all.Select(ToDto).ToList());
    }

    public static async Task<Results<Ok<RolloutDto>, NotFound<ProblemDetails>>> GetAsync(string id, RolloutEngine engine,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var r = await engine.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return r is null ? Unknown(id) : TypedResults.Ok(ToDto(r));
    }

    public static async Task<Results<Ok<RolloutDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> ActAsync(
        string id, string action, RolloutEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var (r, error) = await engine.ActAsync(id, action, cancellationToken).ConfigureAwait(false);
        if (r is not null)
        {
            return TypedResults.Ok(ToDto(r));
        }

        return error is null
            ? Unknown(id)
            : TypedResults.Conflict(new ProblemDetails { Status = 409, Title = "Rollout finished", Detail = error });
    }

    public static RolloutDto ToDto(Rollout r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var summary = RolloutSummary.Of(r);
        return new RolloutDto(r.Id, r.ModelId, r.ModelVersion, r.RollbackVersion, r.State, r.Reason, r.CurrentWave + 1,
            r.WaveCount, summary.Counts, summary.ProgressPercent, r.PeakConcurrentTransfers, r.Policy,
            r.CreatedAt.UtcDateTime, r.UpdatedAt.UtcDateTime,
            r.Devices.Select(d => new RolloutDeviceDto(d.DeviceId, d.Wave + 1, d.Status, d.DesiredVersion, d.OfferId,
                d.Offset, d.BytesServed, d.ResultCode, d.SocPercent, d.WakeIntervalS, d.Note,
                d.DeviceDeferrals, d.OffersRepeated, d.WakesBefore, d.DetectionsBefore, d.WakesAfter, d.DetectionsAfter,
                d.Faulted, d.FaultReason)).ToList(),
            r.Policy.SoakTime, r.Policy.SoakWakes, RolloutSoak.Until(r)?.UtcDateTime, r.Policy.DetectionShift,
            r.DetectionBaseline);
    }

    private static NotFound<ProblemDetails> Unknown(string id) => TypedResults.NotFound(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown rollout",
        Detail = $"No rollout '{id}'.",
    });
}
