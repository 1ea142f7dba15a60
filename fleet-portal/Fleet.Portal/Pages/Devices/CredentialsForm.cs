// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Pages.Devices;

/// <summary>
/// The rotate form's state, shared by the device page's panel and <c>/devices/{id}/credentials</c>: which device,
/// whether it is retired (then the same action is "Return to service") and why the last request was not sent.
/// </summary>
public sealed record CredentialsForm(string DeviceId, bool Retired, string? Error, bool CanChange)
{
    public string ButtonText => Retired ? "Return to service" : "Rotate credentials";

    public string ConfirmText => Retired
        ? $"Yes, return {DeviceId} to service with a new secret"
        : $"Yes, replace the secret of {DeviceId}";

    /// <summary>What the server says when the tick is missing.</summary>
    public static string MissingConfirmation(string deviceId, bool retired) => retired
        ? $"Tick the box to confirm that {deviceId} is to return to service."
        : $"Tick the box to confirm that {deviceId}'s secret is to be replaced.";
}
