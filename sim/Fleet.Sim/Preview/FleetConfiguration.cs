// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Sim.Preview;

/// <summary>
/// One configuration the fleet runs (a group of devices with the same workload): the scenario keys of
/// <c>fleet-sim battery --list-keys</c> that describe it, on top of an optional scenario file. The preview's board
/// (and radio, when given) replace the configuration's, and the CNN's instructions are the model's; everything else
/// is the configuration's.
/// </summary>
/// <param name="Name">Shown in tables and plots.</param>
/// <param name="Devices">Devices running it (≥ 0; weights the fleet totals).</param>
/// <param name="Settings">Scenario keys and values as <c>--set key=value</c> takes them (e.g. <c>workload.wake_interval_s</c> = <c>60</c>).</param>
/// <param name="ScenarioFile">A <c>fleet-sim-scenario/1</c> file the settings apply on top of, or null (simulator defaults).</param>
public sealed record FleetConfiguration(string Name, int Devices, IReadOnlyDictionary<string, string> Settings, string? ScenarioFile = null)
{
    /// <summary>A configuration that is exactly a scenario file (<c>--scenario S.json</c>).</summary>
    public static FleetConfiguration FromScenarioFile(string path, int devices = 1, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FleetConfiguration(name ?? Path.GetFileNameWithoutExtension(path), devices, new Dictionary<string, string>(), path);
    }

    /// <summary>
    /// A Haar + CNN face camera: one QVGA frame and one Haar scan per timer wake, the CNN once per face found
    /// (<paramref name="eventsPerDay"/> × <paramref name="facesPerEvent"/> a day) plus <paramref name="cnnPerWake"/>
    /// runs on every wake whatever the frame holds.
    /// </summary>
    public static FleetConfiguration FaceCamera(string name, int devices, double wakeIntervalS, double eventsPerDay,
        double facesPerEvent = 1, double cnnPerWake = 0, string sleepMode = "standby", string? radio = null)
    {
        var s = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sensor"] = "camera",
            ["sleep.mode"] = sleepMode,
            ["detect.haar_per_wake"] = "1",
            ["detect.cnn_per_wake"] = N(cnnPerWake),
            ["workload.wake_interval_s"] = N(wakeIntervalS),
            ["workload.events_per_day"] = N(eventsPerDay),
            ["workload.faces_per_event"] = N(facesPerEvent),
        };
        if (radio is not null)
        {
            s["radio_profile"] = radio;
        }

        return new FleetConfiguration(name, devices, s);
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
