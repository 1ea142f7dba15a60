// SPDX-License-Identifier: MIT
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;

namespace Fleet.Gateway.Alerts;

/// <summary>
/// Retirement step: clears the device's open alerts at once. No new ones follow, because the evaluator only sees
/// devices in service (<see cref="DeviceReadModel.GetFleetStateAsync"/>).
/// </summary>
public sealed class RetiredDeviceAlerts(AlertStore store, TimeProvider time) : IDeviceRetirementStep
{
    public Task DeviceRetiredAsync(string deviceId, CancellationToken cancellationToken) =>
        store.ClearDeviceAsync(deviceId, time.GetUtcNow(), cancellationToken);
}
