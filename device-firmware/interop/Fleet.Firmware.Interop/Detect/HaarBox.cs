// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Detect;

/// <summary>A detected box in frame pixels (<c>fl_haar_rect_t</c>).</summary>
public readonly record struct HaarBox(int X, int Y, int W, int H);
