// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>A region of interest in image pixels; clipped to the image, then stretched to the network input.</summary>
public readonly record struct NetworkRect(int X, int Y, int W, int H);
