using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_ota_chunk_t</c> (type 8): DataLen valid bytes of Data.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeOtaChunk
{
    public uint OfferId;
    public uint Offset;
    public ushort DataLen;
    public fixed byte Data[1024];
}
