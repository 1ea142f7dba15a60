// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Gateway;

/// <summary>Adding a device and rotating its secret: the two calls whose answer carries a secret, once.</summary>
public sealed partial class GatewayApiClient
{
    /// <summary>
    /// <c>POST /api/devices</c>: provisions <paramref name="id"/> and returns its secret (the only time the gateway
    /// has it in clear). 400 with the field error on <c>id</c>; 409 when the id exists (also when it is retired).
    /// </summary>
    public Task<GatewayResult<GatewayDeviceCredentials>> CreateDeviceAsync(string id,
        CancellationToken cancellationToken) =>
        SendJsonAsync<GatewayDeviceCredentials>(HttpMethod.Post, "api/devices", new { id }, cancellationToken);

    /// <summary>
    /// <c>POST /api/devices/{id}/credentials</c>: replaces the device's secret and returns the new one; on a retired
    /// device this returns it to service. 404 for an unknown id.
    /// </summary>
    public Task<GatewayResult<GatewayDeviceCredentials>> RotateCredentialsAsync(string id,
        CancellationToken cancellationToken) =>
        SendAsync<GatewayDeviceCredentials>(HttpMethod.Post,
            $"api/devices/{Uri.EscapeDataString(id)}/credentials", null, cancellationToken);
}
