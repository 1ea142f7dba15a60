/* SPDX-License-Identifier: MIT */
/* Haar-cascade object detection on 8-bit grayscale frames (Viola-Jones), in two modes:
 *
 *   FL_HAAR_MODE_CAMERA  reproduces OpenMV firmware 3.0 img.find_features() exactly
 *                        (openmv-nn-and-haar.md §7.2): nearest-neighbour scaled moving-window integral images,
 *                        the 5 %-of-width step divided by the scale factor cumulatively, the std >= 50 skip,
 *                        fixed-point features with uint32 wrap-around and a float32 sqrt, float32 stage compare
 *                        against threshold * stage_threshold, round-half-even boxes and rectangle_merge().
 *   FL_HAAR_MODE_OPENCV  follows OpenCV 4.6 CascadeClassifier::detectMultiScale() for stump cascades:
 *                        bit-exact INTER_LINEAR_EXACT image pyramid, variance normalisation over the window
 *                        shrunk by one pixel, float stumps, step 2 below scale 2 (and skipping one step after
 *                        a first-stage reject), min/max object size, then groupRectangles(minNeighbors, 0.2).
 *
 * Memory: every buffer comes from the caller's arena (scratch end), sized by fl_haar_scratch_bytes(). It grows
 * with the frame WIDTH (rolling integral rows: window_h + 1 rows of sum and squared sum; opencv mode keeps 8 more
 * rows of the sum so a window's rows share one stride) plus
 * max_candidates raw detections; never with the frame area. fl_haar_detect() does not release its scratch:
 * call fl_arena_scratch_reset() when the results have been consumed (it does not own other scratch users).
 * Nothing is allocated with malloc. One detection at a time per arena; a cascade may be shared.
 *
 * Errors: FL_ERR_ARG (NULL, bad image geometry, bad configuration), FL_ERR_RANGE (ROI outside the frame or
 * smaller than the window), FL_ERR_NO_MEM (arena too small, or more raw detections than max_candidates; the
 * stats say how many there were). */
#ifndef FL_HAAR_H
#define FL_HAAR_H

#include <stddef.h>
#include <stdint.h>

#include "fl_arena.h"
#include "fl_cascade.h"
#include "fl_export.h"
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FL_HAAR_MAX_DIM 4096 /* frame width and height limit, pixels */

typedef enum { FL_HAAR_MODE_CAMERA = 0, FL_HAAR_MODE_OPENCV = 1 } fl_haar_mode_t;

/* A box in frame pixels. */
typedef struct {
    int32_t x, y, w, h;
} fl_haar_rect_t;

/* An 8-bit grayscale frame, borrowed for the duration of the call. */
typedef struct {
    const uint8_t *pixels;
    int32_t w, h;   /* 1..FL_HAAR_MAX_DIM */
    int32_t stride; /* bytes per row, >= w */
} fl_haar_gray_t;

typedef struct {
    fl_haar_mode_t mode;
    float scale_factor;     /* > 1 and <= 4. camera default 1.5 (find_features), OpenCV default 1.1 */
    /* camera mode */
    float threshold;        /* stage threshold multiplier, default 0.5 (find_features' threshold=) */
    fl_haar_rect_t roi;     /* w == 0: the whole frame; else must lie inside it and exceed the window */
    /* OpenCV mode */
    int32_t min_neighbors;  /* default 3; 0 returns every raw window (no grouping) */
    int32_t min_w, min_h;   /* minimum object size in pixels, 0 = none */
    int32_t max_w, max_h;   /* maximum object size in pixels, 0 = the frame size */
    /* both */
    uint32_t max_candidates; /* raw detections kept before merging/grouping, default 2048 */
} fl_haar_config_t;

/* What a detection did (optional). */
typedef struct {
    uint32_t n_scales;    /* pyramid levels scanned */
    uint32_t n_windows;   /* windows scanned (including those the variance test skips) */
    uint32_t n_raw;       /* windows that passed every stage (may exceed max_candidates) */
    uint32_t n_objects;   /* boxes after merging/grouping (may exceed out_cap) */
    size_t scratch_bytes; /* arena scratch used */
} fl_haar_stats_t;

/* Defaults of OpenMV's find_features() (camera) or OpenCV's detectMultiScale() (opencv). */
FL_API void fl_haar_config_default(fl_haar_config_t *cfg, fl_haar_mode_t mode);

/* Arena scratch bytes fl_haar_detect() needs for frames up to frame_w pixels wide (any height), including
 * alignment slack. Call once at init. FL_ERR_ARG on NULL / bad configuration / frame_w outside 1..4096. */
FL_API FL_NODISCARD fl_status_t fl_haar_scratch_bytes(const fl_cascade_t *cascade, const fl_haar_config_t *cfg,
                                                      int32_t frame_w, size_t *bytes);

/* Detect. out receives up to out_cap boxes (frame pixels, in the order the mode defines: camera = merge
 * order, OpenCV = class order of groupRectangles); *n_out is the number written. stats may be NULL. */
FL_API FL_NODISCARD fl_status_t fl_haar_detect(const fl_cascade_t *cascade, const fl_haar_config_t *cfg,
                                               const fl_haar_gray_t *img, fl_arena_t *arena,
                                               fl_haar_rect_t *out, uint32_t out_cap, uint32_t *n_out,
                                               fl_haar_stats_t *stats);

/* RGB565 (r5 << 11 | g6 << 5 | b5, native byte order) to 8-bit gray, n pixels, as the camera's yuv_table
 * gives it: R, G, B expanded to 8 bits with the firmware's tables, then Y = (int)(0.299 R + 0.587 G + 0.114 B)
 * in double precision. src and dst must not overlap. */
FL_API void fl_haar_rgb565_to_gray(const uint16_t *src, uint8_t *dst, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* FL_HAAR_H */
