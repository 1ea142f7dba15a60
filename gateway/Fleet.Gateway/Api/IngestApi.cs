// SPDX-License-Identifier: MIT
using Fleet.Gateway.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Gateway.Api;

/// <summary><c>GET /api/ingest/stats</c>: counters since start.</summary>
public static class IngestApi
{
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/ingest/stats", GetStats).WithTags("Ingest").WithName("GetIngestStats");
        return app;
    }

    /// <summary><c>{"accepted": n, "rejected": {"malformed": n, …}}</c> with every §4 reason present.</summary>
    public static Ok<IngestStatsSnapshot> GetStats(IngestStats stats) => TypedResults.Ok(stats.Snapshot());
}
