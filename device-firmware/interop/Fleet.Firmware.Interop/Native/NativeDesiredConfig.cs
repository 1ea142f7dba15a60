using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_desired_config_t</c> (type 4).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeDesiredConfig
{
    public NativeConfig Config;
}
