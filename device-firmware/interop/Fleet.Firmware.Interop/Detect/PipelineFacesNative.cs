// SPDX-License-Identifier: MIT
using System.Runtime.CompilerServices;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>The fixed <c>faces[FL_PIPELINE_MAX_FACES]</c> array of <c>fl_pipeline_result_t</c> (C# fixed buffers hold primitives only).</summary>
[InlineArray(SmilePipeline.MaxFaces)]
internal struct PipelineFacesNative
{
    private PipelineFaceNative _first;
}
