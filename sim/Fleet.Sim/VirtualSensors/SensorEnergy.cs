// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.Json;
using Fleet.Agent.Config;
using Fleet.Agent.Protocol;
using Fleet.Contracts.Messages;
using Fleet.Sim.Energy;
using Fleet.Sim.Workload;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// What one wake of a virtual sensor costs its battery, from <see cref="DeviceEnergyModel.Units"/> over the same
/// scenario parameters <c>fleet-sim battery</c> uses: the wake states, the detection of the detector that ran
/// (Haar for face, Haar plus one CNN per face for smile, the thermal detector for thermal), the radio sessions,
/// messages and bytes actually sent, and the sleep that follows. Immutable; thread-safe.
/// </summary>
public sealed class SensorEnergy
{
    private const double SecondsPerHour = 3600.0;

    private readonly UnitCharges _camera;
    private readonly UnitCharges _thermal;

    /// <summary>Builds the unit charges of a camera and a thermal sensor from one scenario's figures.</summary>
    /// <param name="camera">The scenario with <c>sensor=camera</c>.</param>
    /// <param name="thermal">The same scenario with <c>sensor=thermal</c> (thermal warm-up and capture).</param>
    public SensorEnergy(Scenario camera, Scenario thermal)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(thermal);
        // The detection count per wake is decided here by the detector, not by the scenario's workload.
        CameraParameters = DeviceEnergyParameters.FromScenario(camera) with { HaarPerWake = 1, CnnPerWake = 0, ThermalPerWake = 0 };
        ThermalParameters = DeviceEnergyParameters.FromScenario(thermal) with { HaarPerWake = 0, CnnPerWake = 0, ThermalPerWake = 1 };
        _camera = DeviceEnergyModel.Units(CameraParameters);
        _thermal = DeviceEnergyModel.Units(ThermalParameters);
        Name = camera.Name;
    }

    /// <summary>The scenario the figures came from.</summary>
    public string Name { get; }

    /// <summary>Energy inputs of a camera sensor's wake (one Haar scan).</summary>
    public DeviceEnergyParameters CameraParameters { get; }

    /// <summary>Energy inputs of a thermal sensor's wake (one thermal detection).</summary>
    public DeviceEnergyParameters ThermalParameters { get; }

    /// <summary>
    /// Loads the figures <paramref name="options"/> name. Relative files are looked up from the working directory,
    /// then from the program's folder (where the build copies the profiles).
    /// </summary>
    /// <exception cref="ScenarioException">A profile or scenario is missing or invalid; the message names it.</exception>
    public static SensorEnergy Load(SensorEnergyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Scenario))
        {
            string path = Locate(options.Scenario, "scenario");
            List<string> bundled = BundledProfiles(path);
            return new SensorEnergy(ScenarioLoader.Load(path, [.. bundled, "sensor=camera"]),
                ScenarioLoader.Load(path, [.. bundled, "sensor=thermal"]));
        }

        string board = Locate(Path.Combine("profiles", options.BoardProfile + ".json"), "board profile");
        string radio = Locate(Path.Combine("profiles", "radio-" + options.RadioProfile + ".json"), "radio profile");
        Scenario Build(string sensor) => ScenarioLoader.FromValues($"{options.BoardProfile}-{options.RadioProfile}",
            new Dictionary<string, string>
            {
                ["board_profile"] = board,
                ["radio_profile"] = radio,
                ["radio.measured_at_mv"] = options.RadioMeasuredAtMv.ToString(CultureInfo.InvariantCulture),
                ["sensor"] = sensor,
            },
            AppContext.BaseDirectory);
        return new SensorEnergy(Build("camera"), Build("thermal"));
    }

    /// <summary>Load-side charge of one wake and the sleep after it, µC: the sum of <see cref="WakeLedgerUc"/>.</summary>
    /// <param name="thermalSensor">True for a thermal sensor's hardware (its warm-up and capture figures).</param>
    /// <param name="activity">What the wake did.</param>
    public double WakeChargeUc(bool thermalSensor, in WakeActivity activity)
    {
        Span<double> ledger = stackalloc double[LedgerStates.Count];
        WakeLedgerUc(thermalSensor, activity, ledger);
        double uc = 0;
        foreach (double stateUc in ledger)
        {
            uc += stateUc;
        }

        return uc;
    }

    /// <summary>
    /// Load-side charge of one wake split by ledger state, µC, into <paramref name="ledgerUc"/> (length ≥ 8, first 8
    /// overwritten): <see cref="DeviceEnergyModel.AddDay"/> over this one wake's counts for the awake states, and in
    /// entry 0 the sleep that <em>follows</em> it (the firmware's ledger puts the sleep before a wake there; the
    /// caller shifts it, see <see cref="AgentSensor"/>).
    /// </summary>
    /// <param name="thermalSensor">True for a thermal sensor's hardware (its warm-up and capture figures).</param>
    /// <param name="activity">What the wake did.</param>
    /// <param name="ledgerUc">Receives the charge of each state.</param>
    public void WakeLedgerUc(bool thermalSensor, in WakeActivity activity, Span<double> ledgerUc)
    {
        UnitCharges u = thermalSensor ? _thermal : _camera;
        ledgerUc[..LedgerStates.Count].Clear();

        // The thermal sensor always runs its thermal detector; a camera scans once with Haar and, for smile, runs
        // the CNN on every face found.
        int cnnRuns = !thermalSensor && activity.Detector == DetectorKinds.Smile ? activity.Faces : 0;
        DeviceEnergyModel.AddDay(u, new DayActivity(1, cnnRuns, activity.Sessions, activity.Messages, activity.Bytes, 0), ledgerUc);

        // AddDay fills the rest of a day with sleep; this wake sleeps for its own interval.
        ledgerUc[(int)LedgerState.Sleep] = u.SleepUa * activity.Sleep.TotalSeconds;
    }

    /// <summary><see cref="WakeChargeUc"/> in µAh (what the cell model draws).</summary>
    public double WakeChargeUah(bool thermalSensor, in WakeActivity activity) => WakeChargeUc(thermalSensor, activity) / SecondsPerHour;

    // A scenario names its profiles (openmv-h7, wifi), which the loader finds in a device-firmware/profiles folder
    // above it; the copies beside the program stand in for that folder when the program runs outside the clone.
    private static List<string> BundledProfiles(string scenarioPath)
    {
        var sets = new List<string>();
        string dir = Path.GetDirectoryName(Path.GetFullPath(scenarioPath))!;
        using JsonDocument doc = ParseLeniently(scenarioPath);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return sets;
        }

        foreach (string kind in new[] { "board", "radio" })
        {
            if (!doc.RootElement.TryGetProperty(kind + "_profile", out JsonElement v) || v.ValueKind != JsonValueKind.String
                || v.GetString() is not { Length: > 0 } name || name == "none" || File.Exists(Path.Combine(dir, name)))
            {
                continue;
            }

            string? copy = new[] { $"{name}.json", $"{kind}-{name}.json" }
                .Select(f => Path.Combine(AppContext.BaseDirectory, "profiles", f))
                .FirstOrDefault(File.Exists);
            if (copy is not null)
            {
                sets.Add($"{kind}_profile={copy}");
            }
        }

        return sets;
    }

    // Bad JSON is left to the scenario loader, which names the file and the error.
    private static JsonDocument ParseLeniently(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return JsonDocument.Parse("null");
        }
    }

    private static string Locate(string path, string what)
    {
        string[] candidates = Path.IsPathRooted(path)
            ? [path]
            : [Path.GetFullPath(path), Path.Combine(AppContext.BaseDirectory, path)];
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new ScenarioException($"{what} '{path}' not found (looked for {string.Join(" and ", candidates)}; " +
                                              "the build copies device-firmware/profiles and sim/profiles into profiles/ beside the program)");
    }

    /// <summary>Faces a camera detection record holds (the boxes the Haar stage reported).</summary>
    public static int Faces(DetectionRecord? record) =>
        record is null ? 0 : record.Boxes.Count(b => b.Label == "face");

    /// <summary>True when the identity's hardware is a thermal sensor.</summary>
    public static bool IsThermal(DetectorKind hardware) => hardware == DetectorKind.ThermalPerson;
}
