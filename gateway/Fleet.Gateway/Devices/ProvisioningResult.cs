// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>Outcome of <see cref="DeviceRegistry.CreateAsync"/> or <see cref="DeviceRegistry.RotateSecretAsync"/>.</summary>
/// <param name="Code">What happened.</param>
/// <param name="Secret">The new secret on success (shown once, stored only as a hash); null otherwise.</param>
public sealed record ProvisioningResult(ProvisioningCode Code, string? Secret = null)
{
    public bool IsSuccess => Code is ProvisioningCode.Created or ProvisioningCode.Rotated;
}
