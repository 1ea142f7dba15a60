// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>The C core's own short name for a status (<c>fl_status_name</c>), e.g. "FL_ERR_FORMAT".</summary>
public static class NnStatusNames
{
    public static unsafe string Name(NativeStatus status) =>
        Marshal.PtrToStringUTF8((nint)NnNativeMethods.StatusName((int)status)) ?? status.ToString();

    internal static void ThrowIfFailed(int status, string function)
    {
        if (status != 0)
        {
            throw new NnKernelException(function, (NativeStatus)status);
        }
    }
}
