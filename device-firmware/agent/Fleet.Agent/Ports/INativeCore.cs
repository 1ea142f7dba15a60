using Fleet.Agent.Protocol;

namespace Fleet.Agent.Ports;

/// <summary>
/// The C core as the agent sees it: the sensing loop (capture, inference, detection), the model slots, the clock
/// and sleep. One interface, two bindings: P/Invoke on .NET (Fleet.Agent.Host) and InternalCall on
/// nanoFramework (<see cref="Fleet.Agent.Native.NanoNativeCore"/>); docs/agent-native-interop.md.
/// </summary>
public interface INativeCore
{
    IAgentClock Clock { get; }

    IModelStore Models { get; }

    IBattery Battery { get; }

    /// <summary>Why this wake happened: 1 timer, 2 interrupt, 3 power on, 4 watchdog.</summary>
    int WakeReason { get; }

    /// <summary>Runs the sensing loop once with the given settings; null when nothing was detected.</summary>
    DetectionRecord? Sense(DeviceSettings settings);

    /// <summary>True when the active model faulted since the last call (the sensing loop caught it).</summary>
    bool TakeModelFault();

    /// <summary>
    /// The energy ledger of the last complete wake (the one before this, as the firmware loop keeps it): charge in µC
    /// of each of the <see cref="MessageTypes.WakeLedgerStates"/> states in telemetry key 15's order, the sleep entry
    /// being the sleep that ended with that wake. A new array each call; null when the platform measures none or no
    /// wake has completed yet.
    /// </summary>
    uint[]? LastWakeLedgerUc();

    /// <summary>Deep sleep for <paramref name="seconds"/>; on the device this does not return (the next wake reboots).</summary>
    void Sleep(uint seconds);
}
