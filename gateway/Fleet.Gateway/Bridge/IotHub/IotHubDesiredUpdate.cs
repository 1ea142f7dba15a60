// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>Desired properties received for a device (a PATCH, or the <c>desired</c> part of a full twin), as JSON text.</summary>
public sealed record IotHubDesiredUpdate(string DeviceId, string DesiredJson);
