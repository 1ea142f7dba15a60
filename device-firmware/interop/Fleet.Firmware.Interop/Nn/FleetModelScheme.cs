// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>Quantization scheme of a Fleet model (header byte 84; the values are the file's).</summary>
public enum FleetModelScheme
{
    /// <summary>Power-of-two shifts: the seed's legacy CMSIS-NN q7.</summary>
    Q7 = 1,
    /// <summary>TFLite Micro int8: zero points, per-channel multiplier + shift.</summary>
    S8 = 2,
}
