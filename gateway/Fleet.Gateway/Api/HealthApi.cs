// SPDX-License-Identifier: MIT
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>GET /api/health</c>: the same checks as <c>/health</c>, as JSON with each check's reason, so the portal can say
/// why uplinks are not arriving. Always 200 (the answer is in the body); <c>/health</c> keeps the status codes that
/// probes read. Descriptions are the checks' own texts, never exception details.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/health", GetAsync).WithTags("Health").WithName("GetGatewayHealth");
        return app;
    }

    public static async Task<Ok<GatewayHealthDto>> GetAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = report.Entries
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new HealthCheckDto(e.Key, e.Value.Status.ToString(),
                e.Value.Status == HealthStatus.Healthy ? null : e.Value.Description))
            .ToList();
        return TypedResults.Ok(new GatewayHealthDto(report.Status.ToString(), checks));
    }
}
