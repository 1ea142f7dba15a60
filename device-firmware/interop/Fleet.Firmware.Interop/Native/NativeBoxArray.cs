using System.Runtime.CompilerServices;

namespace Fleet.Firmware.Interop.Native;

/// <summary>Mirror of <c>fl_box_t boxes[16]</c>: C# cannot declare a fixed buffer of structs.</summary>
[InlineArray(16)]
internal struct NativeBoxArray
{
    private NativeBox _element0;
}
