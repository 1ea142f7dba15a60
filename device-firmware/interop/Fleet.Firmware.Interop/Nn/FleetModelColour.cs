// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>Colour of a Fleet model's input tensor (input spec byte 6).</summary>
public enum FleetModelColour
{
    /// <summary>One channel.</summary>
    Gray = 0,
    /// <summary>Three channels in R, G, B order.</summary>
    Rgb = 1,
}
