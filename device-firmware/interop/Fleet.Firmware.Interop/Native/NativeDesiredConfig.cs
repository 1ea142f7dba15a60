using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_desired_config_t</c> (type 4).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeDesiredConfig
{
    public NativeConfig Config;
    public byte HasQuietStartMin;         // key 13: 1 present, 0 absent (both or neither with key 14)
    public byte HasQuietEndMin;           // key 14
    public ushort QuietStartMin;          // 0..1439
    public ushort QuietEndMin;
}
