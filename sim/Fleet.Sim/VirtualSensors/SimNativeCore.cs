// SPDX-License-Identifier: MIT
using Fleet.Agent.Config;
using Fleet.Agent.Host;
using Fleet.Agent.Ports;
using Fleet.Agent.Protocol;
using Fleet.Sim.Frames;

namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// <see cref="INativeCore"/> of a virtual sensor: each sensing pass captures the next frame of the
/// <see cref="FrameLibrary"/> and runs the firmware's detector on it through P/Invoke (Haar, the face → smile
/// pipeline, or the thermal detector), with the model slots, clock and fuel gauge of this sensor. The smile CNN is
/// the frame library's (the reference smile network when ../shared is present); a model installed over the air
/// lands in this sensor's C slots and is reported as the active model, but the pipeline does not load it from
/// there (the OTA test models are not smile classifiers). The wake ledger is the one <see cref="AgentSensor"/> split
/// from the energy model's charge of the previous wake.
/// </summary>
internal sealed class SimNativeCore : INativeCore
{
    /// <summary>Model ids reported for the detectors that need no slot model.</summary>
    public const string FaceModelId = "haar-face";
    public const string ThermalModelId = "thermal-person";

    private readonly NativeDetectors _detectors;
    private readonly Random _random;
    private readonly SensorClock _clock;

    public SimNativeCore(SensorClock clock, IModelStore models, IBattery battery, NativeDetectors detectors, Random random, int wakeReason)
    {
        _clock = clock;
        Clock = new HostClock(clock);
        Models = models;
        Battery = battery;
        _detectors = detectors;
        _random = random;
        WakeReason = wakeReason;
    }

    public IAgentClock Clock { get; }

    public IModelStore Models { get; }

    public IBattery Battery { get; }

    public int WakeReason { get; set; }

    /// <summary>The record of the last sensing pass (null before the first), for the simulator's counters.</summary>
    public DetectionRecord? LastDetection { get; private set; }

    /// <summary>
    /// A frame to use instead of the library's on the next pass (a test's known frame); consumed by that pass.
    /// </summary>
    public object? NextFrame { get; set; }

    public DetectionRecord? Sense(DeviceSettings settings)
    {
        object? forced = NextFrame;
        NextFrame = null;
        DetectionRecord record = settings.Detector == DetectorKinds.ThermalPerson
            ? _detectors.DetectThermal(forced as ThermalFrame ?? _detectors.Frames.NextThermal(_random), settings.ScoreThresholdPmy)
            : _detectors.DetectCamera(forced as CameraFrame ?? _detectors.Frames.NextCamera(_random, settings.Detector == DetectorKinds.Smile),
                settings.Detector, settings.ScoreThresholdPmy);
        record.DeviceTimeMs = Clock.UnixTimeMs;
        if (DetectorKinds.NeedsModel(settings.Detector))
        {
            ModelStoreStatus status = Models.Status;
            record.ModelId = status.ActiveModelId;
            record.ModelVersion = status.ActiveVersion;
        }
        else
        {
            record.ModelId = settings.Detector == DetectorKinds.ThermalPerson ? ThermalModelId : FaceModelId;
            record.ModelVersion = 1;
        }

        LastDetection = record;
        return record;
    }

    public bool TakeModelFault() => false;

    /// <summary>
    /// The ledger of the sensor's last complete wake (<see cref="AgentSensor.WakeLedgerUc"/>), null before the first;
    /// the agent puts it into this wake's telemetry as the firmware loop does.
    /// </summary>
    public uint[]? WakeLedgerUc { get; set; }

    public uint[]? LastWakeLedgerUc() => WakeLedgerUc is { } ledger ? (uint[])ledger.Clone() : null;

    public void Sleep(uint seconds) => _clock.SleepAsync(TimeSpan.FromSeconds(seconds), CancellationToken.None).GetAwaiter().GetResult();
}
