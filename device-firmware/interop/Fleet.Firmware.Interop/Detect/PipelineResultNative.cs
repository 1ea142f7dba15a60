// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>Mirror of <c>fl_pipeline_result_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PipelineResultNative
{
    public uint NFaces;
    public uint NDetected;
    public HaarStatsNative Haar;
    public PipelineFacesNative Faces;
}
