/* SPDX-License-Identifier: MIT */
/* The seed's camera pipeline as one call (openmv-nn-and-haar.md §8):
 *
 *   frame (grayscale or RGB565) -> Haar faces (fl_haar_detect, camera or OpenCV mode)
 *     -> per face the ROI [x + 10, y + 25, int(0.7 w), int(0.7 w)] clipped to the frame
 *     -> the smile CNN on that ROI (a loaded .network in camera or corrected mode, or a loaded Fleet model)
 *     -> score of the smile output and label (score > smile_threshold) per face.
 *
 * Every step is the public call a caller would make by hand (the unit test checks the result equals Haar, then
 * fl_network_preprocess + fl_network_run + fl_network_scores per ROI), so the pipeline adds no new arithmetic
 * except the ROI rule and, for Fleet models, the input formulas of docs/model-format.md.
 *
 * int(0.7 w): the camera computes it in MicroPython float32, which equals (7 w) / 10 for every w up to
 * FL_HAAR_MAX_DIM (checked exhaustively by the unit test); the integer form needs no FPU and no rounding mode.
 *
 * Scores: .network camera mode: softmax=True, (q + 128) / 255 (what Net.forward returned; the seed's threshold
 * 0.8 applies to these). .network corrected mode and Fleet q7: the base-2 softmax of the logits. Fleet q7 whose
 * last layer is a softmax (arm_softmax_q7, Q0.7): q / 128. Fleet s8 whose last layer is a softmax: (q + 128) / 256
 * (the softmax's fixed output scale); other s8: the base-2 softmax of the logits, as q7.
 *
 * Memory: caller arena, scratch end only, sized by fl_pipeline_scratch_bytes() (the larger of the detection
 * phase - Haar scratch plus a w*h gray copy for RGB565 frames - and the classification phase - input tensor,
 * .network scratch, outputs). fl_pipeline_run() releases exactly the scratch it took (scratch taken earlier by
 * the caller stays valid). The models' own memory (fl_network_load / fl_model_load) is the caller's, as is the
 * loaded cascade. Nothing is allocated with malloc. Not thread-safe per arena / Fleet model.
 *
 * Errors: FL_ERR_ARG (NULL, bad frame geometry or format, bad configuration, both or an unloaded model),
 * FL_ERR_NO_MEM (arena too small), FL_ERR_RANGE (smile_output beyond the model's outputs), and whatever
 * fl_haar_detect() returns. On error *result is zeroed. */
#ifndef FL_PIPELINE_H
#define FL_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "fl_arena.h"
#include "fl_cascade.h"
#include "fl_export.h"
#include "fl_haar.h"
#include "fl_model.h"
#include "fl_model_network.h"
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FL_PIPELINE_MAX_FACES 16u   /* faces reported per frame; more are counted in n_detected */
#define FL_PIPELINE_ROI_DX 10       /* ROI offset from the face box (spec §8) */
#define FL_PIPELINE_ROI_DY 25

/* What the pipeline runs. Pointers are borrowed for each call; they must stay valid while it runs. */
typedef struct {
    const fl_cascade_t *cascade;     /* required */
    fl_haar_config_t haar;           /* from fl_pipeline_config_default(); any fl_haar_config_t field may change */
    const fl_network_t *network;     /* the smile CNN as a .network, or NULL */
    fl_model_t *model;               /* ... or as a Fleet model (not both); both NULL = faces only */
    fl_network_mode_t network_mode;  /* .network only: camera (default) or corrected */
    uint32_t smile_output;           /* output index of the "smile" class, default 0 (the seed's out[0]) */
    float smile_threshold;           /* label = score > threshold; default 0.8 (the seed's example) */
} fl_pipeline_config_t;

/* One face. */
typedef struct {
    fl_haar_rect_t face;  /* Haar box, frame pixels */
    fl_rect_t roi;        /* the ROI after clipping (w = h = 0 when it falls outside the frame: not classified) */
    float score;          /* smile score, or -1 when not classified */
    int32_t smile;        /* 1 smile, 0 not smiling, -1 not classified (no model or empty ROI) */
} fl_pipeline_face_t;

/* Fixed size: lives on the caller's stack or in .bss. */
typedef struct {
    uint32_t n_faces;     /* entries written to faces[] (<= FL_PIPELINE_MAX_FACES) */
    uint32_t n_detected;  /* faces Haar found (may exceed FL_PIPELINE_MAX_FACES; the first ones are kept) */
    fl_haar_stats_t haar; /* what the detection did */
    fl_pipeline_face_t faces[FL_PIPELINE_MAX_FACES];
} fl_pipeline_result_t;

/* The seed's settings: Haar defaults of the mode (camera: threshold 0.75, scale 1.25 as §8 uses), no model,
 * camera network mode, smile output 0, threshold 0.8. */
FL_API void fl_pipeline_config_default(fl_pipeline_config_t *cfg, fl_haar_mode_t mode);

/* Arena scratch bytes fl_pipeline_run() needs for frames of frame_w x frame_h pixels in format fmt, alignment
 * slack included. Call once at init. FL_ERR_ARG on NULL / bad configuration / geometry / format. */
FL_API FL_NODISCARD fl_status_t fl_pipeline_scratch_bytes(const fl_pipeline_config_t *cfg, int32_t frame_w,
                                                          int32_t frame_h, fl_pixfmt_t fmt, size_t *bytes);

/* Runs the pipeline on one frame (fl_image_t: stride in pixels; FL_PIXFMT_GRAYSCALE, RGB565 or
 * RGB565_SWAPPED; 1..FL_HAAR_MAX_DIM per side). */
FL_API FL_NODISCARD fl_status_t fl_pipeline_run(const fl_pipeline_config_t *cfg, const fl_image_t *frame,
                                                fl_arena_t *arena, fl_pipeline_result_t *result);

/* The ROI rule alone: [x + 10, y + 25, 7w/10, 7w/10] clipped to a frame_w x frame_h frame. Returns 1 when
 * the clipped ROI is non-empty, else 0 (and *roi is all zero). */
FL_API int fl_pipeline_face_roi(const fl_haar_rect_t *face, int32_t frame_w, int32_t frame_h, fl_rect_t *roi);

#ifdef __cplusplus
}
#endif

#endif /* FL_PIPELINE_H */
