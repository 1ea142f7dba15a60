// SPDX-License-Identifier: MIT
namespace Fleet.Sim.VirtualSensors;

/// <summary>Totals of a fleet run (sums of every sensor's <see cref="SensorCounters"/>) and the process's memory.</summary>
public sealed record FleetSummary(
    int Devices,
    double ElapsedS,
    double Speed,
    string Frames,
    long Wakes,
    long ConnectedWakes,
    long UnreachableWakes,
    long UplinksAcked,
    long DetectionEvents,
    long Boxes,
    long ConfigsApplied,
    long ConfigsRejected,
    long OtaActivated,
    long OtaFailed,
    long LinkLosses,
    long BrownOuts,
    long ChunksCorrupted,
    long OutageConnectsRefused,
    long FaultsRecovered,
    long OutagesRecovered,
    long BatteriesReplaced,
    long WakeErrors,
    int MaxConnectedAtOnce,
    long WorkingSetBytes,
    long BaselineWorkingSetBytes,
    double WorkingSetPerSensorBytes,
    double AddedPerSensorBytes)
{
    public static FleetSummary From(IReadOnlyCollection<SensorCounters> sensors, double elapsedS, double speed, string frames,
        int maxConnected, long workingSet, long baseline)
    {
        long Sum(Func<SensorCounters, int> f) => sensors.Sum(s => (long)f(s));
        int n = Math.Max(1, sensors.Count);
        return new FleetSummary(sensors.Count, elapsedS, speed, frames,
            Sum(s => s.Wakes), Sum(s => s.ConnectedWakes), Sum(s => s.UnreachableWakes), Sum(s => s.UplinksAcked),
            Sum(s => s.EventsQueued), Sum(s => s.Boxes), Sum(s => s.ConfigsApplied), Sum(s => s.ConfigsRejected),
            Sum(s => s.OtaActivated), Sum(s => s.OtaFailed), Sum(s => s.LinkLosses), Sum(s => s.BrownOuts),
            Sum(s => s.ChunksCorrupted), Sum(s => s.OutageConnectsRefused), Sum(s => s.FaultsRecovered),
            Sum(s => s.OutagesRecovered), Sum(s => s.BatteriesReplaced), Sum(s => s.WakeErrors), maxConnected,
            workingSet, baseline, (double)workingSet / n, (double)(workingSet - baseline) / n);
    }

    public string ToText() =>
        $"""
        devices {Devices}, {ElapsedS:F1} s real at speed x{Speed:G}, frames: {Frames}
        wakes {Wakes} (connected {ConnectedWakes}, unreachable {UnreachableWakes}), uplinks acked {UplinksAcked}
        detection events {DetectionEvents} ({Boxes} boxes from the native detectors)
        configs applied {ConfigsApplied}, rejected {ConfigsRejected}; OTA activated {OtaActivated}, failed {OtaFailed}
        faults: link losses {LinkLosses}, brown-outs {BrownOuts}, corrupt chunks {ChunksCorrupted}, connects refused by outage {OutageConnectsRefused}
        recovered: {FaultsRecovered} faults, {OutagesRecovered} outages; batteries replaced {BatteriesReplaced}; wake errors {WakeErrors}
        connected at once (max) {MaxConnectedAtOnce}
        memory: working set {WorkingSetBytes / 1048576.0:F1} MiB = {WorkingSetPerSensorBytes / 1024.0:F1} KiB per sensor; above the {BaselineWorkingSetBytes / 1048576.0:F1} MiB before the sensors: {AddedPerSensorBytes / 1024.0:F1} KiB per sensor
        """;
}
