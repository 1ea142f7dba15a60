// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Detect;

/// <summary>
/// <c>fl_pipeline_result_t</c>: the faces reported (at most <see cref="SmilePipeline.MaxFaces"/>), how many Haar
/// found in all, and the detection stats.
/// </summary>
public sealed record PipelineResult(IReadOnlyList<PipelineFace> Faces, int Detected, HaarStats Stats);
