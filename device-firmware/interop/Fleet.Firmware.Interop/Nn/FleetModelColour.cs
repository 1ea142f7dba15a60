// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>Colour of a Fleet model's input tensor (input spec byte 6).</summary>
public enum FleetModelColour
{
    /// <summary>One channel.</summary>
    Gray = 0,
    /// <summary>Three channels in R, G, B order.</summary>
    Rgb = 1,
    /// <summary>
    /// Not a picture (s8 only): the caller builds the real-valued tensor and quantizes it with
    /// <see cref="FleetModel.QuantizeTensor"/>; <see cref="FleetModel.Preprocess(NetworkImage, NetworkRect?)"/> refuses it.
    /// </summary>
    Tensor = 2,
}
