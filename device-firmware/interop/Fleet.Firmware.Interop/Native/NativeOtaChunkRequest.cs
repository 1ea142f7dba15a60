using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_ota_chunk_request_t</c> (type 7).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeOtaChunkRequest
{
    public uint OfferId;
    public uint Offset;
    public ushort Length;
}
