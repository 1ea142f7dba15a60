// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>Mirror of <c>fl_pipeline_config_t</c>; the pointers are borrowed for one call.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PipelineConfigNative
{
    public CascadeNative* Cascade;
    public HaarConfigNative Haar;
    public void* Network;
    public void* Model;
    public int NetworkMode;
    public uint SmileOutput;
    public float SmileThreshold;
}
