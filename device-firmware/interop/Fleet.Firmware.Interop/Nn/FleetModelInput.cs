// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// How a caller turns a frame into a Fleet model's int8 input tensor [h][w][c] (<c>fl_model_input_t</c>):
/// per-channel mean (pixel units); q7: per-channel shift, q = SSAT8(floor((p − mean)·2^(8 − shift))); s8:
/// per-channel scale, input scale and zero point, q = clamp(round_half_away((p − mean)·scale / input_scale) + zp).
/// Unused channels and the other scheme's fields are 0.
/// </summary>
public sealed record FleetModelInput(
    int Height, int Width, int Channels, FleetModelColour Colour, NetworkResize Resize,
    IReadOnlyList<int> Mean, IReadOnlyList<int> Q7Shift, IReadOnlyList<float> S8Scale,
    float S8InputScale, int S8InputZeroPoint)
{
    /// <summary>Tensor elements: h · w · c.</summary>
    public int Elements => Height * Width * Channels;
}
