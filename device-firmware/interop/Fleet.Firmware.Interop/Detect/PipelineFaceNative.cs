// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>Mirror of <c>fl_pipeline_face_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PipelineFaceNative
{
    public HaarRectNative Face;
    public HaarRectNative Roi; // fl_rect_t has the same four int32 fields
    public float Score;
    public int Smile;
}
