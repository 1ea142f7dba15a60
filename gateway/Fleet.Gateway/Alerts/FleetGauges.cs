// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;
using Fleet.Gateway.Devices;

namespace Fleet.Gateway.Alerts;

/// <summary>
/// Observable gauges of the fleet: open alerts by kind and devices by state, as of the latest evaluation (the
/// exporter reads a snapshot; it never queries the database itself). Thread-safe.
/// </summary>
public sealed class FleetGauges
{
    public const string AlertsOpenName = "fleet.gateway.alerts.open";
    public const string DevicesName = "fleet.gateway.devices";
    public const string KindTag = "kind";
    public const string StateTag = "state";

    private volatile Snapshot _snapshot = new(new Dictionary<AlertKind, int>(), new Dictionary<DeviceLivenessState, int>());

    public FleetGauges(GatewayTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        telemetry.Meter.CreateObservableGauge(AlertsOpenName, ObserveAlerts, unit: "{alert}",
            description: "Open alerts, by kind");
        telemetry.Meter.CreateObservableGauge(DevicesName, ObserveDevices, unit: "{device}",
            description: "Provisioned devices, by state");
    }

    /// <summary>Replaces the snapshot with the counts of one evaluation.</summary>
    public void Update(IEnumerable<AlertRecord> open, IEnumerable<DeviceFleetState> devices)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(devices);
        _snapshot = new Snapshot(
            open.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Count()),
            devices.GroupBy(d => d.Liveness.State).ToDictionary(g => g.Key, g => g.Count()));
    }

    /// <summary>Open alerts of a kind in the current snapshot.</summary>
    public int OpenAlerts(AlertKind kind) => _snapshot.Alerts.GetValueOrDefault(kind);

    /// <summary>Devices in a state in the current snapshot.</summary>
    public int Devices(DeviceLivenessState state) => _snapshot.Devices.GetValueOrDefault(state);

    // Every kind and state is reported, zeros included, so a dashboard sees a drop to zero instead of a gap.
    private IEnumerable<Measurement<int>> ObserveAlerts()
    {
        var snapshot = _snapshot;
        return Enum.GetValues<AlertKind>().Select(k => new Measurement<int>(snapshot.Alerts.GetValueOrDefault(k),
            new KeyValuePair<string, object?>(KindTag, AlertNames.Of(k))));
    }

    private IEnumerable<Measurement<int>> ObserveDevices()
    {
        var snapshot = _snapshot;
        return Enum.GetValues<DeviceLivenessState>().Select(s => new Measurement<int>(
            snapshot.Devices.GetValueOrDefault(s), new KeyValuePair<string, object?>(StateTag, DeviceLiveness.NameOf(s))));
    }

    private sealed record Snapshot(
        IReadOnlyDictionary<AlertKind, int> Alerts, IReadOnlyDictionary<DeviceLivenessState, int> Devices);
}
