using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_ota_offer_t</c> (type 6).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeOtaOffer
{
    public uint OfferId;
    public uint ModelVersion;
    public uint SizeBytes;
    public ushort ChunkSize;
    public fixed byte ModelId[32];
    public fixed byte Sha256[32];
    public fixed byte Signature[64];
}
