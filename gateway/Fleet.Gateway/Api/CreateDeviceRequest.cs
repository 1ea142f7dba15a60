// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>Body of <c>POST /api/devices</c>.</summary>
/// <param name="Id">The new device's id: 1–32 characters of <c>[A-Za-z0-9._-]</c> (docs/protocol.md §1).</param>
public sealed record CreateDeviceRequest(string? Id);
