// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Frames;

/// <summary>
/// One grayscale camera frame, row-major without padding, and what it is known to contain (null when the source
/// has no ground truth, e.g. a photo without annotations).
/// </summary>
/// <param name="Gray">Width × Height pixels.</param>
/// <param name="Source">Where it came from ("synthetic", or the photo's file name), for logs.</param>
/// <param name="FacesPresent">Ground truth: at least one face in the frame.</param>
public sealed record CameraFrame(byte[] Gray, int Width, int Height, string Source, bool? FacesPresent);
