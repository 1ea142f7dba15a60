// SPDX-License-Identifier: MIT
using Fleet.Portal.Gateway;

namespace Fleet.Portal.Rendering;

/// <summary>
/// The line every page shows while the fleet's data may be stale: the gateway is unreachable, or a health check is
/// not healthy (no uplinks arrive from the broker, or the store cannot commit). Without it an operator would read a
/// quiet fleet as a healthy one.
/// </summary>
/// <param name="Level"><c>unreachable</c>, <c>degraded</c> or <c>unhealthy</c> (styles the banner).</param>
public sealed record HealthBanner(string Level, string Text)
{
    public const string Unreachable = "unreachable";

    /// <summary>The banner for a health answer; null when the gateway answered and every check is healthy.</summary>
    public static HealthBanner? From(GatewayResult<GatewayHealth> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Problem is { } problem)
        {
            var detail = string.IsNullOrWhiteSpace(problem.Detail) ? "" : $" ({problem.Detail})";
            return new(Unreachable,
                $"The portal cannot read the gateway's health: {problem.Title}{detail}. What the pages show may be out of date.");
        }

        var health = result.Value!;
        if (string.Equals(health.Status, "Healthy", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var reasons = health.Checks
            .Where(c => !string.Equals(c.Status, "Healthy", StringComparison.OrdinalIgnoreCase))
            .Select(c => $" {Label(c.Name)}: {c.Description ?? c.Status.ToLowerInvariant()}.");
        return new(health.Status.ToLowerInvariant(), $"Gateway {health.Status.ToLowerInvariant()}.{string.Concat(reasons)}");
    }

    private static string Label(string check) => check switch
    {
        "ingest" => "Uplinks",
        "store" => "Storage",
        _ => check,
    };
}
