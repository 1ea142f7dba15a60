// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Energy;

/// <summary>
/// Load-side charge (µC) and time (µs) of each unit of activity, per ledger state; what the day loop multiplies by
/// counts. Built by <see cref="DeviceEnergyModel.Units"/>; immutable.
/// </summary>
public sealed record UnitCharges
{
    /// <summary>One wake, by ledger state (sleep entry 0): wake-up, warm-up, capture, per-wake detection.</summary>
    public required double[] WakeUc { get; init; }

    public required double WakeUs { get; init; }

    /// <summary>One extra CNN run (detect state).</summary>
    public required double CnnUc { get; init; }

    public required double CnnUs { get; init; }

    /// <summary>One radio session: connect (connect state) and the session tail (rx state).</summary>
    public required double SessionConnectUc { get; init; }

    public required double SessionRxUc { get; init; }

    public required double SessionUs { get; init; }

    /// <summary>One message without its payload: fixed air time (tx) and receive windows (rx).</summary>
    public required double MessageTxUc { get; init; }

    public required double MessageRxUc { get; init; }

    public required double MessageUs { get; init; }

    /// <summary>Per payload byte sent (tx).</summary>
    public required double ByteTxUc { get; init; }

    public required double ByteUs { get; init; }

    /// <summary>Per byte downloaded (rx).</summary>
    public required double DownloadByteUc { get; init; }

    public required double DownloadByteUs { get; init; }

    /// <summary>Asleep: board + radio, µA.</summary>
    public required double SleepUa { get; init; }

    /// <summary>The device's current pulses (load-side µA, duration µs), one per awake state, for voltage sag.</summary>
    public required IReadOnlyList<(double Ua, double Us)> Pulses { get; init; }
}
