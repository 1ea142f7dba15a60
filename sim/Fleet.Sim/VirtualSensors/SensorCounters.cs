// SPDX-License-Identifier: MIT
namespace Fleet.Sim.VirtualSensors;

/// <summary>Running totals of one virtual sensor, written by its wakes and read (unsynchronised, for progress) by the runner.</summary>
public sealed class SensorCounters
{
    public int Wakes { get; internal set; }
    public int ConnectedWakes { get; internal set; }
    public int UnreachableWakes { get; internal set; }
    public int RadioSkippedWakes { get; internal set; }

    /// <summary>Publishes the broker acknowledged (status, config, queue items, OTA).</summary>
    public int UplinksAcked { get; internal set; }

    /// <summary>Detection events queued (boxes found, or every pass with report_empty).</summary>
    public int EventsQueued { get; internal set; }

    /// <summary>Boxes the native detectors found, over all passes.</summary>
    public int Boxes { get; internal set; }

    public int ConfigsApplied { get; internal set; }
    public int ConfigsRejected { get; internal set; }
    public int OtaActivated { get; internal set; }
    public int OtaFailed { get; internal set; }

    public int LinkLosses { get; internal set; }
    public int BrownOuts { get; internal set; }
    public int ChunksCorrupted { get; internal set; }
    public int OutageConnectsRefused { get; internal set; }

    /// <summary>Injected faults after which a later wake connected and emptied the flash queue.</summary>
    public int FaultsRecovered { get; internal set; }

    /// <summary>Sensors' first successful connects after unreachable wakes (a broker outage or restart survived).</summary>
    public int OutagesRecovered { get; internal set; }

    /// <summary>Cells replaced after the battery model ran empty (each also reboots the agent).</summary>
    public int BatteriesReplaced { get; internal set; }

    public int WakeErrors { get; internal set; }

    internal int PendingRecovery { get; set; }

    internal bool PendingOutage { get; set; }
}
