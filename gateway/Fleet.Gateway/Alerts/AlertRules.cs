// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Contracts.Messages;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Alerts;

/// <summary>Which alert conditions hold for a device now. Pure and thread-safe.</summary>
public sealed class AlertRules(IOptions<AlertOptions> options)
{
    /// <summary>The conditions that hold for <paramref name="state"/> at <paramref name="now"/>.</summary>
    /// <param name="state">The device's fleet state.</param>
    /// <param name="latestOta">Its latest OTA result, if it ever sent one.</param>
    /// <param name="openKinds">Kinds already open for it (for hysteresis).</param>
    /// <param name="now">The gateway's clock.</param>
    public IReadOnlyList<AlertCondition> Evaluate(DeviceFleetState state, LatestOtaResult? latestOta,
        IReadOnlySet<AlertKind> openKinds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(openKinds);
        var o = options.Value;
        var id = state.DeviceId;
        var conditions = new List<AlertCondition>();

        if (state.SocPercent is { } soc)
        {
            var limit = openKinds.Contains(AlertKind.LowBattery)
                ? o.LowBatteryPercent + o.BatteryHysteresisPercent
                : o.LowBatteryPercent;
            if (soc < limit)
            {
                conditions.Add(new AlertCondition(id, AlertKind.LowBattery, AlertSeverity.Warning,
                    Invariant($"State of charge {soc:0.#} % is below {o.LowBatteryPercent:0.#} %")));
            }
        }

        if (state.Drain is { ProjectedEmptyAt: { } empty } drain && empty <= now + o.EmptyWithin)
        {
            conditions.Add(new AlertCondition(id, AlertKind.BatteryEmptySoon, AlertSeverity.Warning,
                Invariant($"Draining {drain.DrainPercentPerDay:0.##} %/day: empty around {empty:yyyy-MM-dd HH:mm}Z")));
        }

        if (state.Liveness.State == DeviceLivenessState.Offline)
        {
            var detail = state.Liveness.MissedWakes > 0
                ? Invariant($"Missed {state.Liveness.MissedWakes} planned wake(s); last seen {state.LastSeen:u}")
                : Invariant($"Connection lost without a goodbye (will); last seen {state.LastSeen:u}");
            conditions.Add(new AlertCondition(id, AlertKind.Offline, AlertSeverity.Critical, detail));
        }

        // Code 9 is the device postponing an update on a low cell: nothing failed, the offer comes again.
        if (latestOta is { } ota && ota.Code is not (OtaResultCode.Activated or OtaResultCode.DeferredLowBattery))
        {
            conditions.Add(new AlertCondition(id, AlertKind.UpdateFailed, AlertSeverity.Warning,
                Invariant($"OTA offer {ota.OfferId} failed: {ota.Code}")));
        }

        // Holds until a report shows no new drops: the queue overflowing is a standing condition, not one event.
        if (state.Drops is { } drops && (drops.NewTelemetry > 0 || drops.NewDetections > 0))
        {
            conditions.Add(new AlertCondition(id, AlertKind.DataDropped, AlertSeverity.Warning,
                Invariant($"Device dropped {drops.NewTelemetry} telemetry and {drops.NewDetections} detection(s) since its previous report (totals {drops.Telemetry ?? 0}/{drops.Detections ?? 0})")));
        }

        return conditions;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
