// SPDX-License-Identifier: MIT
using Fleet.Gateway.Alerts;
using Fleet.Gateway.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Gateway.Api;

/// <summary><c>GET /api/alerts?open=true&amp;deviceId=&amp;limit=</c>: alerts, newest first.</summary>
public static class AlertsApi
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/alerts", GetAlertsAsync).WithTags("Alerts").WithName("GetAlerts");
        return app;
    }

    /// <summary><c>open</c>: true for open only, false for cleared only, absent for both.</summary>
    public static async Task<Results<Ok<List<AlertDto>>, ValidationProblem>> GetAlertsAsync(
        string? open, string? deviceId, string? limit, AlertStore alerts, CancellationToken cancellationToken)
    {
        bool? onlyOpen = null;
        if (open is not null)
        {
            if (!bool.TryParse(open, out var parsed))
            {
                return ApiProblems.Invalid("open", "true or false.");
            }

            onlyOpen = parsed;
        }

        var max = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out max) || max < 1 || max > MaxLimit))
        {
            return ApiProblems.Invalid("limit", $"An integer from 1 to {MaxLimit}.");
        }

        var rows = await alerts.QueryAsync(onlyOpen, deviceId, max, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(rows.Select(a => new AlertDto(a.Id, a.DeviceId, AlertNames.Of(a.Kind),
            AlertNames.Of(a.Severity), a.RaisedAt.UtcDateTime, a.ClearedAt?.UtcDateTime, a.IsOpen, a.Detail)).ToList());
    }
}
