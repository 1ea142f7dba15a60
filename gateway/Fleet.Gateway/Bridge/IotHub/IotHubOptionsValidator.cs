// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>Cross-field checks of <see cref="IotHubOptions"/>; a disabled bridge is never checked.</summary>
public sealed class IotHubOptionsValidator : IValidateOptions<IotHubOptions>
{
    public ValidateOptionsResult Validate(string? name, IotHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.HostName))
        {
            errors.Add("IotHub:HostName is required (e.g. myhub.azure-devices.net).");
        }

        if (options.DeviceKeys.Count == 0 && string.IsNullOrEmpty(options.DevicePolicyKey))
        {
            errors.Add("IotHub needs IotHub:DeviceKeys:{deviceId} or IotHub:DevicePolicyName + IotHub:DevicePolicyKey.");
        }

        if (!string.IsNullOrEmpty(options.DevicePolicyKey) && string.IsNullOrWhiteSpace(options.DevicePolicyName))
        {
            errors.Add("IotHub:DevicePolicyName is required with IotHub:DevicePolicyKey.");
        }

        foreach (var (device, key) in options.DeviceKeys)
        {
            CheckKey($"IotHub:DeviceKeys:{device}", key, errors);
        }

        CheckKey("IotHub:DevicePolicyKey", options.DevicePolicyKey, errors);
        CheckKey("IotHub:ServicePolicyKey", options.ServicePolicyKey, errors);
        if (!string.IsNullOrEmpty(options.ServicePolicyKey) && string.IsNullOrWhiteSpace(options.ServicePolicyName))
        {
            errors.Add("IotHub:ServicePolicyName is required with IotHub:ServicePolicyKey.");
        }

        if (options.TokenLifetime <= TimeSpan.Zero || options.RenewBefore <= TimeSpan.Zero
            || options.RenewBefore >= options.TokenLifetime)
        {
            errors.Add("IotHub:RenewBefore must be positive and shorter than IotHub:TokenLifetime.");
        }

        if (options.RenewCheckInterval <= TimeSpan.Zero || options.OperationTimeout <= TimeSpan.Zero
            || options.RetryBaseDelay <= TimeSpan.Zero || options.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add("IotHub:RenewCheckInterval, OperationTimeout, RetryBaseDelay must be positive; BreakDuration >= 00:00:00.5.");
        }

        if (options.RestBaseAddress is { IsAbsoluteUri: false })
        {
            errors.Add("IotHub:RestBaseAddress must be an absolute URI.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckKey(string name, string? key, List<string> errors)
    {
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        var buffer = new byte[key.Length];
        if (!Convert.TryFromBase64String(key, buffer, out var length) || length == 0)
        {
            // Never echo the key itself into a log or exception.
            errors.Add($"{name} is not a base64 key.");
        }
    }
}
