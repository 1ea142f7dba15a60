// SPDX-License-Identifier: MIT
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// The host's <c>fl_sha256_fn</c> for <c>fl_model_load</c>: the core owns no crypto code, so the caller supplies
/// SHA-256. The function is static and stateless, so one pointer serves every load on every thread.
/// </summary>
internal static unsafe class FleetModelSha256
{
    private const int FlOk = 0;
    private const int FlErrIo = -5;

    public static delegate* unmanaged[Cdecl]<void*, byte*, nuint, byte*, int> Pointer => &Hash;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Hash(void* user, byte* data, nuint len, byte* digest)
    {
        // An exception must not cross into C (the process would abort): report FL_ERR_IO, which the loader
        // turns into its own FL_ERR_IO.
        try
        {
            if ((data == null && len != 0) || digest == null || len > int.MaxValue)
            {
                return FlErrIo;
            }

            return SHA256.HashData(new ReadOnlySpan<byte>(data, (int)len), new Span<byte>(digest, 32)) == 32
                ? FlOk
                : FlErrIo;
        }
        catch (Exception)
        {
            return FlErrIo;
        }
    }
}
