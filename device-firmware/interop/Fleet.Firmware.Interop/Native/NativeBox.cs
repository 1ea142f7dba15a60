using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_box_t</c>. Label is NUL-terminated ASCII, at most 15 chars.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeBox
{
    public ushort X;
    public ushort Y;
    public ushort W;
    public ushort H;
    public ushort ScorePmy;
    public fixed byte Label[16];
}
