// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Devices;

/// <summary>
/// One part of retiring a device that lives outside the registry (its live connection, its retained downlinks, its
/// alerts, its place in rollouts). <see cref="DeviceRetirement"/> calls every registered step in registration
/// order, after the registry already refuses the device. Steps must be idempotent: an operator may repeat the
/// retirement, which is how a retirement that failed half-way is completed.
/// </summary>
public interface IDeviceRetirementStep
{
    Task DeviceRetiredAsync(string deviceId, CancellationToken cancellationToken);
}
