// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary><c>fl_pixfmt_t</c>.</summary>
public enum NetworkPixelFormat
{
    /// <summary>One byte per pixel.</summary>
    Grayscale = 0,
    /// <summary>uint16 (r5 &lt;&lt; 11) | (g6 &lt;&lt; 5) | b5, native byte order.</summary>
    Rgb565 = 1,
    /// <summary>uint16 as the OpenMV frame buffer holds it (bytes swapped).</summary>
    Rgb565Swapped = 2,
}
