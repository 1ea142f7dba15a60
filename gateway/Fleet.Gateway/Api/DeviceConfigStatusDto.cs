// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary><c>GET /api/devices/{id}/config</c>: desired against reported.</summary>
/// <param name="Desired">The config set through the API; null if never set.</param>
/// <param name="DesiredUpdatedAt">When it was set (UTC).</param>
/// <param name="Reported">What the device reported last; null if it never did.</param>
/// <param name="InSync">The device reported the desired config, same version, and applied it.</param>
public sealed record DeviceConfigStatusDto(
    DeviceConfigDto? Desired, DateTime? DesiredUpdatedAt, ReportedConfigDto? Reported, bool InSync);
