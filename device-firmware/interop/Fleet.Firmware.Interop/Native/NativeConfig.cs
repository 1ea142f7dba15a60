using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_config_t</c> (keys 3–10 of types 4 and 5).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeConfig
{
    public uint ConfigVersion;
    public uint WakeIntervalS;
    public uint ModelVersion;
    public ushort TelemetryEvery;
    public ushort ScoreThresholdPmy;
    public byte Detector;
    public byte ReportEmpty;
    public fixed byte ModelId[32];
}
