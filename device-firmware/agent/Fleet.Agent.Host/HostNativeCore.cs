using System.Collections.Concurrent;
using Fleet.Agent.Ports;
using Fleet.Agent.Protocol;

namespace Fleet.Agent.Host;

/// <summary>
/// <see cref="INativeCore"/> on .NET. The model slots are the C core's (through P/Invoke) or the file-backed
/// store; detections come from whoever drives the host (the simulator runs the C pipeline and submits what it
/// found), since a PC has no camera.
/// </summary>
public sealed class HostNativeCore : INativeCore
{
    private readonly ConcurrentQueue<DetectionRecord> _detections = new();
    private readonly TimeProvider _time;
    private int _faulted;

    public HostNativeCore(TimeProvider time, IModelStore models, IBattery battery)
    {
        _time = time;
        Clock = new HostClock(time);
        Models = models;
        Battery = battery;
    }

    public IAgentClock Clock { get; }

    public IModelStore Models { get; }

    public IBattery Battery { get; }

    public int WakeReason { get; set; } = 1;

    /// <summary>Hands the agent what the sensing pipeline found; the next wake reports it.</summary>
    public void Submit(DetectionRecord detection) => _detections.Enqueue(detection);

    /// <summary>Signals that the active model faulted (the sensing loop caught it).</summary>
    public void SignalModelFault() => Interlocked.Exchange(ref _faulted, 1);

    public DetectionRecord? Sense(DeviceSettings settings) => _detections.TryDequeue(out DetectionRecord? d) ? d : null;

    public bool TakeModelFault() => Interlocked.Exchange(ref _faulted, 0) == 1;

    /// <summary>Null: a PC measures no charge per wake state, so its telemetry carries no ledger.</summary>
    public uint[]? LastWakeLedgerUc() => null;

    public void Sleep(uint seconds) => Task.Delay(TimeSpan.FromSeconds(seconds), _time).GetAwaiter().GetResult();
}
