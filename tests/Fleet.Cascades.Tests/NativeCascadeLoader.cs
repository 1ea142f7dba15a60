// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Cascades.Tests;

/// <summary>The C loader (fl_cascade_inspect / fl_cascade_load in libfleetcore) on converter output.</summary>
internal static unsafe partial class NativeCascadeLoader
{
    [StructLayout(LayoutKind.Sequential)]
    public struct Info
    {
        public int Format;
        public ushort WindowWidth;
        public ushort WindowHeight;
        public uint Stages;
        public uint Features;
        public uint Rects;
        public nuint PersistentBytes;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Error
    {
        public IntPtr Message;
        public nuint Offset;
    }

    /// <summary>Runs fl_cascade_inspect, then fl_cascade_load into an arena of exactly the reported size.</summary>
    /// <returns>The status of each (0 = FL_OK), the info and the first error message.</returns>
    public static (int Inspect, int Load, Info Info, string? Message) Load(byte[] blob)
    {
        Info info;
        Error err;
        int inspect, load;
        fixed (byte* p = blob)
        {
            inspect = CascadeInspect(p, (nuint)blob.Length, &info, &err);
            string? msg = err.Message == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(err.Message);
            if (inspect != 0)
            {
                return (inspect, inspect, info, msg);
            }

            byte[] arenaMem = new byte[(int)info.PersistentBytes];
            byte* arena = stackalloc byte[256]; // fl_arena_t is 7 words; generous
            byte* cascade = stackalloc byte[128]; // fl_cascade_t
            fixed (byte* m = arenaMem)
            {
                int st = ArenaInit(arena, m, (nuint)arenaMem.Length);
                load = st != 0 ? st : CascadeLoad(cascade, p, (nuint)blob.Length, arena, &err);
            }

            msg = err.Message == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(err.Message);
            return (inspect, load, info, msg);
        }
    }

    [LibraryImport("fleetcore", EntryPoint = "fl_cascade_inspect")]
    private static partial int CascadeInspect(byte* blob, nuint len, Info* info, Error* err);

    [LibraryImport("fleetcore", EntryPoint = "fl_cascade_load")]
    private static partial int CascadeLoad(byte* cascade, byte* blob, nuint len, byte* arena, Error* err);

    [LibraryImport("fleetcore", EntryPoint = "fl_arena_init")]
    private static partial int ArenaInit(byte* arena, byte* mem, nuint size);
}
