// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Detect;

namespace Fleet.ModelTool.Tests.Interop;

/// <summary>The Detect mirror structs (Haar, cascade, pipeline) have the C compiler's sizes and field offsets.</summary>
public sealed unsafe class DetectLayoutTests
{
    private static readonly Lazy<Dictionary<string, long[]>> CLayouts = new(() => CLayoutProbe.Measure("""
        #include <stddef.h>
        #include <stdio.h>
        #include "fl/fl_pipeline.h"
        #define S(T) printf("\n%s %zu", #T, sizeof(T))
        #define O(T, f) printf(" %zu", offsetof(T, f))
        int main(void) {
            S(fl_haar_rect_t); O(fl_haar_rect_t, x); O(fl_haar_rect_t, y); O(fl_haar_rect_t, w); O(fl_haar_rect_t, h);
            S(fl_haar_gray_t); O(fl_haar_gray_t, pixels); O(fl_haar_gray_t, w); O(fl_haar_gray_t, h); O(fl_haar_gray_t, stride);
            S(fl_haar_config_t); O(fl_haar_config_t, mode); O(fl_haar_config_t, scale_factor); O(fl_haar_config_t, threshold); O(fl_haar_config_t, roi); O(fl_haar_config_t, min_neighbors); O(fl_haar_config_t, min_w); O(fl_haar_config_t, min_h); O(fl_haar_config_t, max_w); O(fl_haar_config_t, max_h); O(fl_haar_config_t, max_candidates);
            S(fl_haar_stats_t); O(fl_haar_stats_t, n_scales); O(fl_haar_stats_t, n_windows); O(fl_haar_stats_t, n_raw); O(fl_haar_stats_t, n_objects); O(fl_haar_stats_t, scratch_bytes);
            S(fl_cascade_t); O(fl_cascade_t, window_w); O(fl_cascade_t, window_h); O(fl_cascade_t, n_stages); O(fl_cascade_t, n_features); O(fl_cascade_t, n_rects); O(fl_cascade_t, flags); O(fl_cascade_t, format); O(fl_cascade_t, stages); O(fl_cascade_t, features); O(fl_cascade_t, rects);
            S(fl_cascade_info_t); O(fl_cascade_info_t, format); O(fl_cascade_info_t, window_w); O(fl_cascade_info_t, window_h); O(fl_cascade_info_t, n_stages); O(fl_cascade_info_t, n_features); O(fl_cascade_info_t, n_rects); O(fl_cascade_info_t, persistent_bytes);
            S(fl_cascade_error_t); O(fl_cascade_error_t, msg); O(fl_cascade_error_t, offset);
            S(fl_pipeline_config_t); O(fl_pipeline_config_t, cascade); O(fl_pipeline_config_t, haar); O(fl_pipeline_config_t, network); O(fl_pipeline_config_t, model); O(fl_pipeline_config_t, network_mode); O(fl_pipeline_config_t, smile_output); O(fl_pipeline_config_t, smile_threshold);
            S(fl_pipeline_face_t); O(fl_pipeline_face_t, face); O(fl_pipeline_face_t, roi); O(fl_pipeline_face_t, score); O(fl_pipeline_face_t, smile);
            S(fl_pipeline_result_t); O(fl_pipeline_result_t, n_faces); O(fl_pipeline_result_t, n_detected); O(fl_pipeline_result_t, haar); O(fl_pipeline_result_t, faces);
            printf("\nFL_PIPELINE_MAX_FACES %u", (unsigned)FL_PIPELINE_MAX_FACES);
            S(fl_haar_mode_t); S(fl_cascade_format_t);
            printf("\n");
            return 0;
        }
        """));

    private static void AssertLayout(string cName, int size, params long[] offsets) =>
        CLayoutProbe.AssertLayout(CLayouts.Value, cName, size, offsets);

    private static long Off(void* field, void* s) => (byte*)field - (byte*)s;

    [Fact]
    public void HaarStructs_MatchC()
    {
        HaarRectNative r = default;
        AssertLayout("fl_haar_rect_t", sizeof(HaarRectNative), 0, Off(&r.Y, &r), Off(&r.W, &r), Off(&r.H, &r));
        HaarGrayNative g = default;
        AssertLayout("fl_haar_gray_t", sizeof(HaarGrayNative), 0, Off(&g.W, &g), Off(&g.H, &g), Off(&g.Stride, &g));
        HaarConfigNative c = default;
        AssertLayout("fl_haar_config_t", sizeof(HaarConfigNative), 0, Off(&c.ScaleFactor, &c), Off(&c.Threshold, &c),
            Off(&c.Roi, &c), Off(&c.MinNeighbors, &c), Off(&c.MinW, &c), Off(&c.MinH, &c), Off(&c.MaxW, &c),
            Off(&c.MaxH, &c), Off(&c.MaxCandidates, &c));
        HaarStatsNative s = default;
        AssertLayout("fl_haar_stats_t", sizeof(HaarStatsNative), 0, Off(&s.NWindows, &s), Off(&s.NRaw, &s),
            Off(&s.NObjects, &s), Off(&s.ScratchBytes, &s));
        AssertLayout("fl_haar_mode_t", sizeof(int));
    }

    [Fact]
    public void CascadeStructs_MatchC()
    {
        CascadeNative c = default;
        AssertLayout("fl_cascade_t", sizeof(CascadeNative), 0, Off(&c.WindowH, &c), Off(&c.NStages, &c),
            Off(&c.NFeatures, &c), Off(&c.NRects, &c), Off(&c.Flags, &c), Off(&c.Format, &c), Off(&c.Stages, &c),
            Off(&c.Features, &c), Off(&c.Rects, &c));
        CascadeInfoNative i = default;
        AssertLayout("fl_cascade_info_t", sizeof(CascadeInfoNative), 0, Off(&i.WindowW, &i), Off(&i.WindowH, &i),
            Off(&i.NStages, &i), Off(&i.NFeatures, &i), Off(&i.NRects, &i), Off(&i.PersistentBytes, &i));
        CascadeErrorNative e = default;
        AssertLayout("fl_cascade_error_t", sizeof(CascadeErrorNative), 0, Off(&e.Offset, &e));
        AssertLayout("fl_cascade_format_t", sizeof(int));
    }

    [Fact]
    public void PipelineStructs_MatchC()
    {
        PipelineConfigNative c = default;
        AssertLayout("fl_pipeline_config_t", sizeof(PipelineConfigNative), 0, Off(&c.Haar, &c), Off(&c.Network, &c),
            Off(&c.Model, &c), Off(&c.NetworkMode, &c), Off(&c.SmileOutput, &c), Off(&c.SmileThreshold, &c));
        PipelineFaceNative f = default;
        AssertLayout("fl_pipeline_face_t", sizeof(PipelineFaceNative), 0, Off(&f.Roi, &f), Off(&f.Score, &f),
            Off(&f.Smile, &f));
        PipelineResultNative r = default;
        AssertLayout("fl_pipeline_result_t", sizeof(PipelineResultNative), 0, Off(&r.NDetected, &r), Off(&r.Haar, &r),
            Off(&r.Faces, &r));
        Assert.Equal(SmilePipeline.MaxFaces, CLayouts.Value["FL_PIPELINE_MAX_FACES"][0]);
    }
}
