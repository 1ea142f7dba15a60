// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary><c>GET /api/health</c>: the overall status and each check's, with the reason a check is not healthy.</summary>
/// <param name="Status"><c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c> (the worst of the checks).</param>
public sealed record GatewayHealthDto(string Status, IReadOnlyList<HealthCheckDto> Checks);

/// <summary>One health check: <c>ingest</c> (subscribed at the broker) or <c>store</c> (commits succeed).</summary>
/// <param name="Description">Why it is not healthy, for operators; null when healthy.</param>
public sealed record HealthCheckDto(string Name, string Status, string? Description);
