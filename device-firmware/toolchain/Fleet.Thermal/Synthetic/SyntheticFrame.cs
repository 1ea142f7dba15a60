// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Synthetic;

/// <summary>One synthetic frame: row-major centi-°C pixels, the sensor's ambient reading and the ground truth.</summary>
public sealed record SyntheticFrame(short[] PixelsCc, int AmbientCc, int Count, IReadOnlyList<SyntheticBox> Boxes);
