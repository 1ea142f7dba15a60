using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>
/// The FL_API functions of libfleetcore that C# binds. fl_status_t is a C enum, passed as int. All functions are
/// reentrant and keep no state; pointers are only used for the duration of the call.
/// </summary>
internal static unsafe partial class NativeMethods
{
    private const string Library = "fleetcore";

    /// <summary>The ABI version these bindings were written against (FL_CORE_ABI_VERSION).</summary>
    public const uint ExpectedAbiVersion = 1;

    [LibraryImport(Library, EntryPoint = "fl_core_abi_version")]
    public static partial uint CoreAbiVersion();

    [LibraryImport(Library, EntryPoint = "fl_proto_encode")]
    public static partial int ProtoEncode(NativeMessage* msg, byte* output, nuint outputCapacity, nuint* outputLength);

    [LibraryImport(Library, EntryPoint = "fl_proto_decode_expect")]
    public static partial int ProtoDecodeExpect(byte* payload, nuint length, uint expectedType, NativeMessage* msg);

    [LibraryImport(Library, EntryPoint = "fl_proto_abi_sizeof")]
    public static partial uint AbiSizeOf(uint structId);

    [LibraryImport(Library, EntryPoint = "fl_proto_abi_field_count")]
    public static partial uint AbiFieldCount(uint structId);

    [LibraryImport(Library, EntryPoint = "fl_proto_abi_offsetof")]
    public static partial uint AbiOffsetOf(uint structId, uint fieldId);
}
