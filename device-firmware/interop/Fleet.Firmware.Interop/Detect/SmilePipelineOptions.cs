// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>
/// The tunable part of <c>fl_pipeline_config_t</c>: the Haar settings, the .network mode (a Fleet model always
/// runs its own, corrected, semantics), which output is "smile" and the label threshold (score &gt; threshold).
/// </summary>
public sealed record SmilePipelineOptions(HaarOptions Haar, NetworkMode NetworkMode, int SmileOutput, float SmileThreshold)
{
    /// <summary><c>fl_pipeline_config_default</c>: camera = threshold 0.75, scale 1.25 (spec §8); smile output 0, threshold 0.8.</summary>
    public static unsafe SmilePipelineOptions Default(HaarMode mode)
    {
        PipelineConfigNative c = default;
        DetectNativeMethods.PipelineConfigDefault(&c, (int)mode);
        return new SmilePipelineOptions(HaarOptions.From(c.Haar), (NetworkMode)c.NetworkMode, (int)c.SmileOutput,
            c.SmileThreshold);
    }
}
