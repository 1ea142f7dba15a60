// SPDX-License-Identifier: MIT
using Fleet.Gateway.Devices;

namespace Fleet.Gateway.Rollouts;

/// <summary>
/// Retirement step: takes the device out of every unfinished rollout (status <c>retired</c>, see
/// <see cref="RolloutEngine.RetireDeviceAsync"/>), so none waits for it or fails on it.
/// </summary>
public sealed class RetiredDeviceRollouts(RolloutEngine engine) : IDeviceRetirementStep
{
    public Task DeviceRetiredAsync(string deviceId, CancellationToken cancellationToken) =>
        engine.RetireDeviceAsync(deviceId, cancellationToken);
}
