// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// Mirror of <c>fl_model_load_options_t</c>: the caller's SHA-256 (<c>fl_sha256_fn</c>: user, data, len,
/// digest -> fl_status_t) and its user pointer. A null Sha256 tells the loader the hash was verified elsewhere.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FleetModelLoadOptionsNative
{
    public delegate* unmanaged[Cdecl]<void*, byte*, nuint, byte*, int> Sha256;
    public void* Sha256User;
}
