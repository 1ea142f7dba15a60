using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_msg_t</c>: type, NUL-terminated device id (≤ 32 chars) and the body union.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeMessage
{
    public byte Type;
    public fixed byte DeviceId[33];
    public NativeMessageBody Body;
}
