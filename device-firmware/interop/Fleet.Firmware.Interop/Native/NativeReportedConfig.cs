using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_reported_config_t</c> (type 5).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeReportedConfig
{
    public NativeConfig Config;
    public byte ApplyResult;
}
