// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;

namespace Fleet.ModelTool.Formats;

/// <summary>
/// The input spec section (docs/model-format.md, "Input spec"): tensor shape [h][w][c] with c 1 (gray) or 3
/// (RGB; the colour byte is derived from c because v1 allows no other pairing), the resizer, the per-channel mean,
/// and the scheme's transform: q7 shifts, or s8 per-channel scales with the input scale and zero point. Arrays
/// have 3 entries; entries for channels ≥ c and the other scheme's fields must be 0. A tensor input (s8 only,
/// c 1..256) has no pixel transform: only the input scale and zero point are set.
/// </summary>
public sealed record FleetInputSpec(
    int Height,
    int Width,
    int Channels,
    NetworkResize Resize,
    IReadOnlyList<byte> Mean,
    IReadOnlyList<byte> Q7Shift,
    IReadOnlyList<float> S8Scale,
    float S8InputScale = 0,
    sbyte S8InputZeroPoint = 0,
    bool Tensor = false)
{
    /// <summary>The colour byte: tensor, or derived from c for pictures.</summary>
    public FleetModelColour Colour => Tensor ? FleetModelColour.Tensor : Channels == 3 ? FleetModelColour.Rgb : FleetModelColour.Gray;

    /// <summary>A q7 input spec (s8 fields zero).</summary>
    public static FleetInputSpec Q7(int height, int width, int channels, NetworkResize resize,
        IReadOnlyList<byte> mean, IReadOnlyList<byte> shift) =>
        new(height, width, channels, resize, mean, shift, [0f, 0f, 0f]);

    /// <summary>An s8 input spec (q7 shifts zero).</summary>
    public static FleetInputSpec S8(int height, int width, int channels, NetworkResize resize,
        IReadOnlyList<byte> mean, IReadOnlyList<float> scale, float inputScale, sbyte zeroPoint) =>
        new(height, width, channels, resize, mean, [0, 0, 0], scale, inputScale, zeroPoint);

    /// <summary>A tensor input spec (s8 only): the caller quantizes real values with the input scale and zero point.</summary>
    public static FleetInputSpec S8Tensor(int height, int width, int channels, float inputScale, sbyte zeroPoint) =>
        new(height, width, channels, NetworkResize.Nearest, [0, 0, 0], [0, 0, 0], [0f, 0f, 0f], inputScale, zeroPoint, Tensor: true);
}
