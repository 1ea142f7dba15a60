// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Detect;

/// <summary>Boxes in the mode's order (camera: merge order; OpenCV: groupRectangles class order) and the stats.</summary>
public sealed record HaarDetection(IReadOnlyList<HaarBox> Boxes, HaarStats Stats);
