// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Detect;
using Fleet.Firmware.Interop.Nn;

namespace Fleet.ModelTool.Cli;

/// <summary>The parsed <c>detect</c> arguments; null Haar settings take the pipeline's defaults for the mode.</summary>
public sealed record DetectRequest(
    string CascadePath,
    string? ModelPath,
    string ImagePath,
    HaarMode Mode,
    float? ScaleFactor = null,
    float? Threshold = null,
    int? MinNeighbors = null,
    int? Stages = null,
    NetworkMode NetMode = NetworkMode.Camera,
    float SmileThreshold = 0.8f,
    string? AnnotatePath = null);
