// SPDX-License-Identifier: MIT
using Microsoft.AspNetCore.Http;

namespace Fleet.Portal.Pages.Devices;

/// <summary>Why a secret was issued: it changes what the answer page says about the old one.</summary>
public enum IssueKind
{
    /// <summary>A new device (<c>POST /api/devices</c>).</summary>
    Added,

    /// <summary>A device in service got a new secret.</summary>
    Rotated,

    /// <summary>A retired device got a new secret and is back in service.</summary>
    Returned,
}

/// <summary>
/// What the answer page shows once: the device's MQTT identity, its new secret and where it connects to. Rendered
/// only into the POST's own response (see <see cref="MarkNoStore"/>); never redirected, stored or logged.
/// </summary>
public sealed record IssuedCredentials(string DeviceId, string Secret, string? BrokerAddress, IssueKind Kind)
{
    /// <summary>The configured broker address devices connect to, or null when none is configured.</summary>
    public static string? BrokerAddressOf(PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.DeviceBrokerAddress) ? null : options.DeviceBrokerAddress.Trim();
    }

    /// <summary>Never the secret.</summary>
    public override string ToString() => $"IssuedCredentials {{ DeviceId = {DeviceId}, Kind = {Kind} }}";

    /// <summary>
    /// Keeps the answer out of every cache and the browser's back/forward store. The exact value antiforgery also
    /// writes (the layout's sign-out form makes a token), so it does not log a warning about overriding it.
    /// </summary>
    public static void MarkNoStore(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers.Pragma = "no-cache";
    }
}
