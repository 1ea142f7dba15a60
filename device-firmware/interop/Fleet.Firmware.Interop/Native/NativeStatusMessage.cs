using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_status_msg_t</c> (type 3).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeStatusMessage
{
    public ulong DeviceTimeMs;
    public uint Seq;
    public uint NextWakeS;
    public byte State;
    public byte WakeReason;
    public fixed byte FirmwareVersion[24];
}
