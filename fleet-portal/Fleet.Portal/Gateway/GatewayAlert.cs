// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Gateway;

/// <summary>One alert (<c>GET /api/alerts</c>).</summary>
public sealed record GatewayAlert(
    long Id, string DeviceId, string Kind, string Severity, DateTime RaisedAt, DateTime? ClearedAt, bool Open,
    string Detail);
