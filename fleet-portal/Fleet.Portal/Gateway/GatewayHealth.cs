// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Gateway;

/// <summary>The gateway's <c>GET /api/health</c>: overall status and each check's, with its reason when not healthy.</summary>
public sealed record GatewayHealth(string Status, IReadOnlyList<GatewayHealthCheck> Checks);

/// <summary>One check: <c>ingest</c> (uplinks arrive from the broker) or <c>store</c> (commits succeed).</summary>
public sealed record GatewayHealthCheck(string Name, string Status, string? Description);
