// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>
/// One face: the Haar box, the clipped ROI the CNN saw (null when it fell outside the frame), and the smile score
/// and label (both null when not classified: no model, or no ROI).
/// </summary>
public sealed record PipelineFace(HaarBox Face, NetworkRect? Roi, float? Score, bool? Smile);
