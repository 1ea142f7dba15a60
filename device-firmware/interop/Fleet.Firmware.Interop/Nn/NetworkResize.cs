// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary><c>fl_resize_t</c>: how an ROI is stretched to the network input.</summary>
public enum NetworkResize
{
    /// <summary>The camera's nearest neighbour: ratio = ((roi_w &lt;&lt; 16) / net_w) + 1.</summary>
    Nearest = 0,
    /// <summary>Pixel-centre bilinear, 16.16 fixed point.</summary>
    Bilinear = 1,
}
