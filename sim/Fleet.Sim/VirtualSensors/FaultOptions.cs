// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Faults the simulator injects (all off by default). Rates are per wake (link loss, brown-out) or per received
/// OTA chunk (corruption); a broker outage is a window during which no sensor reaches the broker, as when the
/// gateway or its broker restarts.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>Chance per wake that the connection drops after its first publishes (no DISCONNECT), 0–1.</summary>
    [Range(0.0, 1.0)]
    public double LinkLossRate { get; set; }

    /// <summary>Chance per wake that power fails mid-wake (the agent restarts from flash), 0–1.</summary>
    [Range(0.0, 1.0)]
    public double BrownOutRate { get; set; }

    /// <summary>Chance that one received OTA chunk has a byte flipped in transit, 0–1.</summary>
    [Range(0.0, 1.0)]
    public double CorruptChunkRate { get; set; }

    /// <summary>Real time between the starts of two broker outages; null = none.</summary>
    public TimeSpan? BrokerOutageEvery { get; set; }

    /// <summary>Real length of one broker outage. <value>Default 10 s.</value></summary>
    public TimeSpan BrokerOutageFor { get; set; } = TimeSpan.FromSeconds(10);

    public bool Any => LinkLossRate > 0 || BrownOutRate > 0 || CorruptChunkRate > 0 || BrokerOutageEvery is not null;
}
