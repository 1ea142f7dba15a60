// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;
using Fleet.Firmware.Interop.Nn;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>
/// The FL_API functions of fl_cascade.h, fl_haar.h and fl_pipeline.h. fl_status_t is passed as int, size_t as
/// nuint, enums as int (every signature stays blittable). The arena, .network and Fleet-model loaders are
/// the Nn bindings' own (<see cref="NnNativeMethods"/>).
/// </summary>
internal static unsafe partial class DetectNativeMethods
{
    private const string Library = "fleetcore";

    [LibraryImport(Library, EntryPoint = "fl_cascade_inspect")]
    public static partial int CascadeInspect(byte* blob, nuint len, CascadeInfoNative* info, CascadeErrorNative* err);

    [LibraryImport(Library, EntryPoint = "fl_cascade_load")]
    public static partial int CascadeLoad(CascadeNative* cascade, byte* blob, nuint len, ArenaNative* arena,
        CascadeErrorNative* err);

    [LibraryImport(Library, EntryPoint = "fl_cascade_truncate")]
    public static partial void CascadeTruncate(CascadeNative* cascade, uint nStages);

    [LibraryImport(Library, EntryPoint = "fl_haar_config_default")]
    public static partial void HaarConfigDefault(HaarConfigNative* cfg, int mode);

    [LibraryImport(Library, EntryPoint = "fl_haar_scratch_bytes")]
    public static partial int HaarScratchBytes(CascadeNative* cascade, HaarConfigNative* cfg, int frameW, nuint* bytes);

    [LibraryImport(Library, EntryPoint = "fl_haar_detect")]
    public static partial int HaarDetect(CascadeNative* cascade, HaarConfigNative* cfg, HaarGrayNative* img,
        ArenaNative* arena, HaarRectNative* output, uint outCap, uint* nOut, HaarStatsNative* stats);

    [LibraryImport(Library, EntryPoint = "fl_haar_rgb565_to_gray")]
    public static partial void Rgb565ToGray(ushort* src, byte* dst, nuint n);

    [LibraryImport(Library, EntryPoint = "fl_pipeline_config_default")]
    public static partial void PipelineConfigDefault(PipelineConfigNative* cfg, int mode);

    [LibraryImport(Library, EntryPoint = "fl_pipeline_scratch_bytes")]
    public static partial int PipelineScratchBytes(PipelineConfigNative* cfg, int frameW, int frameH, int fmt,
        nuint* bytes);

    [LibraryImport(Library, EntryPoint = "fl_pipeline_run")]
    public static partial int PipelineRun(PipelineConfigNative* cfg, ImageNative* frame, ArenaNative* arena,
        PipelineResultNative* result);
}
