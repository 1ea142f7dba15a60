// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>A device's MQTT credentials. The secret is shown this once; the gateway keeps only a hash.</summary>
/// <param name="Id">The device id: also its MQTT client id and username.</param>
/// <param name="Secret">The MQTT password.</param>
public sealed record DeviceCredentialsDto(string Id, string Secret);
