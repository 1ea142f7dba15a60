using System.Runtime.CompilerServices;

namespace Fleet.Agent.Native;

/// <summary>
/// The native core as nanoFramework calls it: InternalCall methods that the firmware image implements in C over
/// libfleetcore (docs/agent-native-interop.md lists each one's C side). Arguments are primitives and arrays only,
/// which is all nanoFramework's interop marshals. Never called on .NET, where Fleet.Agent.Host binds the same
/// <see cref="Ports.INativeCore"/> through P/Invoke.
/// </summary>
internal static class NanoNativeMethods
{
    // Clock (fl_hal): RTC wall time and a monotonic millisecond counter.
    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern ulong ClockUnixMs();

    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern long ClockMonotonicMs();

    // Power (fl_hal): deep sleep; on the STM32H7 standby path this resets and does not return.
    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern void Sleep(uint seconds);

    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern int WakeReason();

    /// <summary>Fuel gauge into <paramref name="out4"/>: mV, soc ‰, temperature c°C, charge used µAh.</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern void BatteryRead(int[] out4);

    /// <summary>
    /// Runs the sensing loop once (capture, detector, model from the active slot). Writes up to 16 boxes as six
    /// ints each into <paramref name="boxes"/> and labels into <paramref name="labels"/>; <paramref name="meta"/>
    /// gets detector, model version, inference µs, MACs, energy µJ, box count, fault flag. Returns 0 or an
    /// fl_status_t error; the active model id is written into <paramref name="modelId"/> (32 bytes, NUL-padded).
    /// </summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern int Sense(uint detector, uint scoreThresholdPmy, int[] boxes, byte[] labels, uint[] meta, byte[] modelId);

    /// <summary>
    /// The loop's saved ledger of the last complete wake into <paramref name="out8"/> (µC per state, telemetry key
    /// 15's order); returns the entries written: 8, or 0 when no wake has completed since the state was erased.
    /// </summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern int WakeLedger(uint[] out8);

    /// <summary>
    /// Model slot status: <paramref name="out6"/> gets active version, has pending, pending offer id, pending
    /// version, bytes written, reserved; ids into the two 32-byte arrays.
    /// </summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern void SlotsStatus(uint[] out6, byte[] activeModelId, byte[] pendingModelId);

    /// <summary>fl_slots_begin: returns the resume offset, or -(OTA result code) - 1 when refused.</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern long SlotsBegin(uint offerId, byte[] modelId, uint version, uint sizeBytes, byte[] sha256, byte[] signature);

    /// <summary>fl_slots_write: 0, or an OTA result code when the slot refused.</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern int SlotsWrite(uint offset, byte[] data);

    /// <summary>fl_slots_finish: verify, self-test, activate; returns the OTA result code.</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern int SlotsFinish();

    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern void SlotsConfirm();

    /// <summary>fl_slots_report_fault: 8 when it rolled back, else -1.</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern int SlotsReportFault();
}
