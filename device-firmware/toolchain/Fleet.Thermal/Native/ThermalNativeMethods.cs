// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Thermal.Native;

/// <summary>
/// The fl_thermal_* (and the two fl_arena_*) FL_API functions of libfleetcore. fl_status_t is passed as int.
/// Pointers are used only for the duration of a call, except the detector state and arena, which the caller keeps
/// alive (see <see cref="ThermalDetector"/>). Not thread-safe per detector.
/// </summary>
internal static unsafe partial class ThermalNativeMethods
{
    private const string Library = "fleetcore";

    /// <summary>FL_THERMAL_MAX_BLOBS.</summary>
    public const int MaxBlobs = 16;

    /// <summary>FL_THERMAL_NO_AMBIENT (INT16_MIN).</summary>
    public const int NoAmbient = short.MinValue;

    /// <summary>Struct ids of fl_thermal_abi_sizeof / fl_thermal_abi_offsetof.</summary>
    public const uint ConfigStructId = 1, BlobStructId = 2, ResultStructId = 3;

    [LibraryImport(Library, EntryPoint = "fl_thermal_config_default")]
    public static partial void ConfigDefault(ThermalConfigNative* cfg, int width, int height);

    [LibraryImport(Library, EntryPoint = "fl_thermal_config_validate")]
    public static partial int ConfigValidate(ThermalConfigNative* cfg);

    [LibraryImport(Library, EntryPoint = "fl_thermal_state_bytes")]
    public static partial nuint StateBytes(int width, int height, ThermalConfigNative* cfg);

    [LibraryImport(Library, EntryPoint = "fl_thermal_scratch_bytes")]
    public static partial nuint ScratchBytes(int width, int height);

    [LibraryImport(Library, EntryPoint = "fl_thermal_sizeof")]
    public static partial nuint SizeOfDetector();

    [LibraryImport(Library, EntryPoint = "fl_thermal_init")]
    public static partial int Init(void* detector, ThermalConfigNative* cfg, int width, int height, void* arena);

    [LibraryImport(Library, EntryPoint = "fl_thermal_reset")]
    public static partial void Reset(void* detector);

    [LibraryImport(Library, EntryPoint = "fl_thermal_process")]
    public static partial int Process(void* detector, short* frame, int ambientCc, void* arena, ThermalResultNative* result);

    [LibraryImport(Library, EntryPoint = "fl_thermal_background_cc")]
    public static partial int BackgroundCc(void* detector, int x, int y);

    [LibraryImport(Library, EntryPoint = "fl_thermal_abi_sizeof")]
    public static partial uint AbiSizeOf(uint structId);

    [LibraryImport(Library, EntryPoint = "fl_thermal_abi_offsetof")]
    public static partial uint AbiOffsetOf(uint structId, uint fieldIndex);

    [LibraryImport(Library, EntryPoint = "fl_arena_init")]
    public static partial int ArenaInit(void* arena, void* memory, nuint size);

    [LibraryImport(Library, EntryPoint = "fl_arena_scratch_reset")]
    public static partial void ArenaScratchReset(void* arena);
}
