using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_ota_result_t</c> (type 9).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeOtaResult
{
    public uint OfferId;
    public uint ActiveModelVersion;
    public byte Code;
}
