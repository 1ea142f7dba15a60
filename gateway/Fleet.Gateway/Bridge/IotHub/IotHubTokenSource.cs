// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// Makes device and service SAS tokens from the configured keys and decides when one is due for renewal
/// (<see cref="IotHubOptions.RenewBefore"/> ahead of its expiry, on the injected clock). Thread-safe.
/// </summary>
public sealed class IotHubTokenSource(IOptions<IotHubOptions> options, TimeProvider time)
{
    private readonly IotHubOptions _options = options.Value;

    /// <summary>True if the bridge holds a credential for <paramref name="deviceId"/>.</summary>
    public bool CanConnect(string deviceId) =>
        _options.DeviceKeys.ContainsKey(deviceId) || !string.IsNullOrEmpty(_options.DevicePolicyKey);

    /// <summary>True if reported properties can be written over REST (a service key is configured).</summary>
    public bool HasServiceKey => !string.IsNullOrEmpty(_options.ServicePolicyKey);

    /// <summary>
    /// A fresh device token: scoped to <c>{hub}/devices/{id}</c>, signed with the device's own key (no <c>skn</c>)
    /// or else with the device policy (with <c>skn</c>).
    /// </summary>
    public SasToken CreateDeviceToken(string deviceId)
    {
        var resource = $"{_options.HostName}/devices/{deviceId}";
        var expires = time.GetUtcNow() + _options.TokenLifetime;
        return _options.DeviceKeys.TryGetValue(deviceId, out var key)
            ? SasToken.Create(resource, key, expires)
            : SasToken.Create(resource, _options.DevicePolicyKey ?? throw new InvalidOperationException(
                $"No IoT Hub credential for device '{deviceId}'."), expires, _options.DevicePolicyName);
    }

    /// <summary>A fresh service token scoped to the whole hub (twin REST API).</summary>
    public SasToken CreateServiceToken() =>
        SasToken.Create(_options.HostName,
            _options.ServicePolicyKey ?? throw new InvalidOperationException("IotHub:ServicePolicyKey is not set."),
            time.GetUtcNow() + _options.TokenLifetime, _options.ServicePolicyName);

    /// <summary>True once <paramref name="token"/> is within <see cref="IotHubOptions.RenewBefore"/> of expiring.</summary>
    public bool IsDueForRenewal(SasToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return time.GetUtcNow() >= token.ExpiresAt - _options.RenewBefore;
    }
}
