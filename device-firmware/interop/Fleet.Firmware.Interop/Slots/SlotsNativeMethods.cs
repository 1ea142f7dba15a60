// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Slots;

/// <summary>
/// The FL_API functions of fl_slots.h and the host port's fl_host_slots.h (device-firmware/port/host/flash), all
/// in libfleetcore.so (which links mbedTLS for the host's SHA-256 and ECDSA P-256). fl_host_slots_t is opaque:
/// callers allocate <see cref="HostSlotsSizeof"/> bytes.
/// </summary>
internal static unsafe partial class SlotsNativeMethods
{
    private const string Library = "fleetcore";

    [LibraryImport(Library, EntryPoint = "fl_host_slots_open", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int HostSlotsOpen(void* dev, string path, uint totalBytes, byte* publicKey, void* arena,
        nuint arenaBytes, uint trialLimit);

    [LibraryImport(Library, EntryPoint = "fl_host_slots_close")]
    public static partial void HostSlotsClose(void* dev);

    [LibraryImport(Library, EntryPoint = "fl_host_slots_get")]
    public static partial void* HostSlotsGet(void* dev);

    [LibraryImport(Library, EntryPoint = "fl_host_slots_begin", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int HostSlotsBegin(void* dev, uint offerId, string modelId, uint version, uint sizeBytes,
        byte* sha256, byte* signature, uint* resumeOffset, uint* refusal);

    [LibraryImport(Library, EntryPoint = "fl_host_slots_sizeof")]
    public static partial nuint HostSlotsSizeof();

    [LibraryImport(Library, EntryPoint = "fl_slots_write_chunk")]
    public static partial int WriteChunk(void* slots, uint offset, byte* data, nuint len);

    [LibraryImport(Library, EntryPoint = "fl_slots_finish")]
    public static partial int Finish(void* slots, int* code);

    [LibraryImport(Library, EntryPoint = "fl_slots_active")]
    public static partial int Active(void* slots, byte** blob, uint* len);

    [LibraryImport(Library, EntryPoint = "fl_slots_confirm")]
    public static partial int Confirm(void* slots);

    [LibraryImport(Library, EntryPoint = "fl_slots_report_fault")]
    public static partial int ReportFault(void* slots, uint* rolledBack);

    [LibraryImport(Library, EntryPoint = "fl_slots_get_status")]
    public static partial int GetStatus(void* slots, SlotsStatusNative* status);

    [LibraryImport(Library, EntryPoint = "fl_slots_status_sizeof")]
    public static partial nuint StatusSizeof();
}
