using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_detection_t</c> (type 1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeDetection
{
    public ulong DeviceTimeMs;
    public uint Seq;
    public uint ModelVersion;
    public uint InferenceUs;
    public uint InferenceMacs;
    public uint EnergyUj;
    public byte Detector;
    public byte BoxCount;
    public fixed byte ModelId[32];
    public NativeBoxArray Boxes;
}
