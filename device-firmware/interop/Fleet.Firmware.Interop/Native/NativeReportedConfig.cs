using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_reported_config_t</c> (type 5).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeReportedConfig
{
    public NativeConfig Config;
    public byte ApplyResult;
    public byte HasRejectReason;          // key 12: 1 present, 0 absent
    public fixed byte RejectReason[64];   // 0..63 printable ASCII + NUL
    public byte HasQuietStartMin;         // keys 13/14 as in NativeDesiredConfig
    public byte HasQuietEndMin;
    public ushort QuietStartMin;
    public ushort QuietEndMin;
}
