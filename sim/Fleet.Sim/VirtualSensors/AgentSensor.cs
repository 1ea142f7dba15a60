// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Fleet.Agent;
using Fleet.Agent.Config;
using Fleet.Agent.Host;
using Fleet.Agent.Ports;
using Fleet.Agent.Protocol;
using Fleet.Agent.Wake;
using Fleet.Contracts.Messages;
using Fleet.Sim.Battery;
using Fleet.Sim.Energy;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// One virtual sensor running the real device agent (Fleet.Agent) over simulated hardware: the firmware's
/// detectors on frames from the <see cref="FrameLibrary"/> (<see cref="SimNativeCore"/>), the C model slots in a
/// host-port flash image of its own, flash queue and state in memory that outlive reboots, an MQTTnet radio with
/// injected faults (<see cref="FaultyLink"/>), a LiPo cell the energy model drains per wake, and an accelerated
/// clock (<see cref="SensorClock"/>). <see cref="RunWake"/> blocks (the agent is synchronous, as on the device);
/// one wake at a time.
/// </summary>
public sealed class AgentSensor : IDisposable
{
    private const int WakeTimer = 1;
    private const int WakePowerOn = 3;

    private readonly AgentSensorOptions _options;
    private readonly NativeDetectors _detectors;
    private readonly Random _random;
    private readonly MemoryQueueStorage _queue = new();
    private readonly MemoryStateStore _state = new();
    private readonly string _flashImage;
    private readonly byte[] _trustedKey;
    private readonly LiPoBattery _cell;
    private readonly AmbientTemperature _temperature;
    private readonly SensorEnergy _energy;
    private SlotsModelStore? _slots;
    private uint[]? _wakeLedgerUc;
    private double _sleepBeforeUc;

    public AgentSensor(VirtualSensorIdentity identity, AgentSensorOptions options, NativeDetectors detectors,
        TimeProvider realTime, int seed, Func<bool>? brokerOutage = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(detectors);
        Identity = identity;
        _options = options;
        _detectors = detectors;
        _energy = options.Energy ?? SensorEnergy.Load(new SensorEnergyOptions());
        _random = new Random(seed);
        Clock = new SensorClock(realTime, options.Speed);
        _trustedKey = options.TrustedPublicKey ?? NewRandomKey();
        Directory.CreateDirectory(options.FlashDirectory);
        _flashImage = Path.Combine(options.FlashDirectory, identity.DeviceId + ".img");
        File.Delete(_flashImage); // a virtual sensor starts from an erased flash each run
        _cell = new LiPoBattery(initialStateOfCharge: 0.6 + (0.4 * _random.NextDouble()));
        _temperature = new AmbientTemperature(_random);
        Link = new FaultyLink(new MqttNetLink(options.BrokerHost, options.BrokerPort), options.Faults, new Random(seed ^ 0x5A5A), brokerOutage ?? (() => false));
        AgentOptions = new AgentOptions
        {
            DeviceId = identity.DeviceId,
            Password = identity.Secret,
            FirmwareVersion = "sim-agent-1.0",
            SupportedDetectors = identity.Detector == DetectorKind.ThermalPerson
                ? DetectorKinds.Bit(DetectorKinds.ThermalPerson)
                : DetectorKinds.Bit(DetectorKinds.Face) | DetectorKinds.Bit(DetectorKinds.Smile) | DetectorKinds.Bit(DetectorKinds.Classifier),
            MinWakeIntervalS = options.MinWakeIntervalS,
            RadioBudgetMs = options.RadioBudgetMs,
            ConnectTimeoutMs = options.ConnectTimeoutMs,
            DownlinkWaitMs = options.DownlinkWaitMs,
            BackoffBaseS = options.BackoffBaseS,
            BackoffMaxS = options.BackoffMaxS,
            InitialSettings = InitialSettings(identity, options),
        };
        Boot(WakePowerOn);
    }

    public VirtualSensorIdentity Identity { get; }

    public SensorClock Clock { get; }

    public AgentOptions AgentOptions { get; }

    public FaultyLink Link { get; }

    public HostBattery Battery { get; } = new();

    public SensorCounters Counters { get; } = new();

    /// <summary>The agent now running (a new one after every reboot).</summary>
    public DeviceAgent Agent { get; private set; } = null!;

    internal SimNativeCore Core { get; private set; } = null!;

    /// <summary>The C model slots of this sensor.</summary>
    public IModelStore Models => _slots!;

    /// <summary>The last wake's report; null after a wake cut by a brown-out.</summary>
    public WakeReport? LastReport { get; private set; }

    /// <summary>What the last wake did, as the energy model counted it.</summary>
    public WakeActivity LastWakeActivity { get; private set; }

    /// <summary>Charge the last wake (and the sleep after it) drew from the cell, µAh.</summary>
    public double LastWakeChargeUah { get; private set; }

    /// <summary>
    /// The energy ledger of the last complete wake, µC per state in telemetry key 15's order: entry 0 the sleep that
    /// ended with that wake (0 for the first), then that wake's states, as <see cref="SensorEnergy.WakeLedgerUc"/>
    /// split the charge drawn for it. Null until a wake completes; kept across reboots like the firmware's saved
    /// state. The agent sends it with the next wake's telemetry.
    /// </summary>
    public IReadOnlyList<uint>? WakeLedgerUc => _wakeLedgerUc;

    /// <summary>Charge drawn from the fitted cell so far, µAh.</summary>
    internal double CellChargeUsedUah => _cell.ChargeUsedUah;

    /// <summary>Makes the next sensing pass capture <paramref name="frame"/> instead of the library's next one.</summary>
    public void UseFrameNext(Fleet.Sim.Frames.CameraFrame frame) => Core.NextFrame = frame;

    /// <summary>Makes the next sensing pass capture <paramref name="frame"/> instead of the library's next one.</summary>
    public void UseFrameNext(Fleet.Sim.Frames.ThermalFrame frame) => Core.NextFrame = frame;

    /// <summary>
    /// One wake: faults drawn, the agent's wake, energy drawn from the cell. A brown-out (injected, or the cell
    /// running empty) reboots the agent from flash. Returns the agent's report, or null when power failed mid-wake.
    /// </summary>
    public WakeReport? RunWake()
    {
        // The agent's link carries no MQTT user properties, so the span ends here (no traceparent on the uplinks).
        using System.Diagnostics.Activity? activity = VirtualSensor.WakeSource.StartActivity(VirtualSensor.WakeActivityName);
        activity?.SetTag("fleet.device.id", Identity.DeviceId);
        UpdateGauge();
        Link.ArmForWake();
        WakeReport? report;
        try
        {
            report = Agent.RunWake();
        }
        catch (BrownOutException)
        {
            report = null;
        }

        Count(report);
        bool cellEmpty = DrawEnergy(report);
        LastReport = report;
        if (report is null || cellEmpty)
        {
            Link.PowerCycle();
            Boot(WakePowerOn);
        }
        else
        {
            Core.WakeReason = WakeTimer;
        }

        return report;
    }

    /// <summary>A power cut between wakes: a new agent and freshly mounted slots over the same flash.</summary>
    public void Reboot()
    {
        Link.PowerCycle();
        Boot(WakePowerOn);
    }

    /// <summary>Sensor time until the next wake the agent chose.</summary>
    public TimeSpan NextWake => TimeSpan.FromSeconds(LastReport?.NextWakeS ?? Agent.Settings.WakeIntervalS);

    public void Dispose()
    {
        _slots?.Dispose();
        Link.Dispose();
        File.Delete(_flashImage);
    }

    private void Boot(int wakeReason)
    {
        _slots?.Dispose();
        _slots = new SlotsModelStore(Fleet.Firmware.Interop.Slots.ModelSlots.Open(_flashImage, _options.FlashBytes, _trustedKey,
            arenaBytes: _options.SlotArenaBytes));
        Core = new SimNativeCore(Clock, _slots, Battery, _detectors, _random, wakeReason) { WakeLedgerUc = _wakeLedgerUc };
        Agent = new DeviceAgent(AgentOptions, Core, Link, _queue, _state, new SeededRandomSource(_random));
    }

    private void Count(WakeReport? report)
    {
        SensorCounters c = Counters;
        c.Wakes++;
        c.LinkLosses = Link.LinkLossesInjected;
        c.BrownOuts = Link.BrownOutsInjected;
        c.ChunksCorrupted = Link.ChunksCorrupted;
        c.OutageConnectsRefused = Link.OutageConnectsRefused;
        if (Core.LastDetection is { } detection)
        {
            c.Boxes += detection.Boxes.Length;
            c.EventsQueued += detection.Boxes.Length > 0 || Agent.Settings.ReportEmpty ? 1 : 0;
        }

        if (Link.FaultedThisWake)
        {
            c.PendingRecovery++;
        }

        if (report is null)
        {
            return;
        }

        if (report.Connected)
        {
            c.ConnectedWakes++;
            if (c.PendingOutage)
            {
                c.OutagesRecovered++;
                c.PendingOutage = false;
            }
        }
        else if (report.ConnectResult == (int)ConnectOutcome.Unreachable)
        {
            c.UnreachableWakes++;
            c.PendingOutage = true;
        }
        else if (report.RadioSkipped.Length > 0)
        {
            c.RadioSkippedWakes++;
        }

        c.UplinksAcked += report.Published;
        if (report.ConfigResult == 0)
        {
            c.ConfigsApplied++;
        }
        else if (report.ConfigResult > 0)
        {
            c.ConfigsRejected++;
        }

        if (report.OtaResult == 0)
        {
            c.OtaActivated++;
        }
        else if (report.OtaResult > 0)
        {
            c.OtaFailed++;
        }

        // Recovered: a later wake got through and left nothing in flash (what the fault interrupted was sent).
        if (!Link.FaultedThisWake && report.Connected && report.QueueLeft == 0 && c.PendingRecovery > 0)
        {
            c.FaultsRecovered += c.PendingRecovery;
            c.PendingRecovery = 0;
        }
    }

    // True when the cell ran empty: the simulator fits a fresh one and the sensor must boot again.
    private bool DrawEnergy(WakeReport? report)
    {
        TimeSpan sleep = TimeSpan.FromSeconds(report?.NextWakeS ?? Agent.Settings.WakeIntervalS) * _options.BatteryTimeScale;
        LastWakeActivity = new WakeActivity(Core.LastDetection?.Detector ?? Agent.Settings.Detector, SensorEnergy.Faces(Core.LastDetection),
            Link.ConnectsThisWake, Link.PublishesThisWake, Link.BytesThisWake, sleep);
        Span<double> ledger = stackalloc double[LedgerStates.Count];
        _energy.WakeLedgerUc(SensorEnergy.IsThermal(Identity.Detector), LastWakeActivity, ledger);
        double chargeUc = 0;
        foreach (double stateUc in ledger)
        {
            chargeUc += stateUc;
        }

        LastWakeChargeUah = chargeUc / 3600.0;
        _cell.Draw(LastWakeChargeUah);
        RecordLedger(report is not null, ledger);
        if (_cell.StateOfCharge >= 0.03)
        {
            return false;
        }

        Counters.BatteriesReplaced++;
        _cell.Replace();
        return true;
    }

    // The cell is charged for a wake and the sleep after it in one draw; the firmware's ledger instead counts the
    // sleep that ended with a wake, so the sleep drawn now goes into the next wake's entry 0. A wake cut by a
    // brown-out is not complete: the last complete one's ledger stays.
    private void RecordLedger(bool complete, ReadOnlySpan<double> ledgerUc)
    {
        if (complete)
        {
            var entries = new uint[LedgerStates.Count];
            entries[(int)LedgerState.Sleep] = WholeUc(_sleepBeforeUc);
            for (int s = 1; s < LedgerStates.Count; s++)
            {
                entries[s] = WholeUc(ledgerUc[s]);
            }

            _wakeLedgerUc = entries;
            Core.WakeLedgerUc = entries;
        }

        _sleepBeforeUc = ledgerUc[(int)LedgerState.Sleep];
    }

    private static uint WholeUc(double uc) => (uint)Math.Clamp(Math.Round(uc, MidpointRounding.AwayFromZero), 0, uint.MaxValue);

    private void UpdateGauge()
    {
        Battery.BatteryMv = _cell.VoltageMv;
        Battery.SocPm = _cell.StateOfChargePm;
        Battery.ChargeUsedUah = (uint)Math.Min(uint.MaxValue, _cell.ChargeUsedUah);
        Battery.TemperatureCc = _temperature.NextCentiCelsius();
    }

    private static DeviceSettings InitialSettings(VirtualSensorIdentity identity, AgentSensorOptions options)
    {
        DeviceSettings s = Fleet.Agent.AgentOptions.DefaultSettings();
        s.WakeIntervalS = options.WakeIntervalS;
        s.TelemetryEvery = options.TelemetryEvery;
        s.ReportEmpty = options.ReportEmpty;
        s.Detector = (uint)identity.Detector;
        return s;
    }

    /// <summary>A P-256 public point nobody holds the private key of: sensors that trust it accept no model.</summary>
    public static byte[] NewRandomKey()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECParameters p = key.ExportParameters(false);
        return [0x04, .. p.Q.X!, .. p.Q.Y!];
    }
}
