// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Gateway;

/// <summary>
/// The gateway's answer to adding a device or rotating its secret: the device id and its new secret. The secret is
/// shown once in the answer page and kept nowhere else (no log, TempData, cookie, URL or cache).
/// </summary>
public sealed record GatewayDeviceCredentials(string Id, string Secret)
{
    /// <summary>Never the secret: a record's generated text would otherwise put it into any log or message.</summary>
    public override string ToString() => $"GatewayDeviceCredentials {{ Id = {Id} }}";
}
