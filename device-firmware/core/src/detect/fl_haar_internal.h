/* SPDX-License-Identifier: MIT */
/* Private to src/detect/fl_haar_*.c: the bounded cascade reader, the exact-arithmetic helpers both detection
 * modes share, and the per-mode entry points the dispatcher calls. */
#ifndef FL_HAAR_INTERNAL_H
#define FL_HAAR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_cascade.h"
#include "fl/fl_haar.h"

/* ---- bounded little-endian reader (first error kept) ---- */

typedef struct {
    const uint8_t *base;
    size_t len;
    size_t pos;
    fl_cascade_error_t *err;
} fl_haar_rd_t;

fl_status_t fl_haar_rd_fail(fl_haar_rd_t *r, fl_status_t st, const char *why);
FL_NODISCARD fl_status_t fl_haar_rd_u8(fl_haar_rd_t *r, uint8_t *v, const char *what);
FL_NODISCARD fl_status_t fl_haar_rd_u16(fl_haar_rd_t *r, uint16_t *v, const char *what);
FL_NODISCARD fl_status_t fl_haar_rd_u32(fl_haar_rd_t *r, uint32_t *v, const char *what);
FL_NODISCARD fl_status_t fl_haar_rd_f32(fl_haar_rd_t *r, float *v, const char *what);
/* Fails with FL_ERR_FORMAT unless n more bytes are available (cheap pre-check before a loop). */
FL_NODISCARD fl_status_t fl_haar_rd_need(fl_haar_rd_t *r, uint64_t n, const char *what);
int16_t fl_haar_as_i16(uint16_t u);
int32_t fl_haar_as_i32(uint32_t u);

/* Where a loaded cascade's tables go (all three NULL during inspect). */
typedef struct {
    fl_cascade_stage_t *stages;
    fl_cascade_feature_t *features;
    fl_cascade_rect_t *rects;
} fl_haar_tables_t;

/* Pass 1 fills info (counts); pass 2 (tables non-NULL) fills the tables. Both validate everything. */
FL_NODISCARD fl_status_t fl_haar_parse_openmv(fl_haar_rd_t *r, fl_cascade_info_t *info,
                                              const fl_haar_tables_t *t);
FL_NODISCARD fl_status_t fl_haar_parse_fleet(fl_haar_rd_t *r, fl_cascade_info_t *info,
                                             const fl_haar_tables_t *t);
/* Shared rectangle check: non-empty and inside the window. */
int fl_haar_rect_fits(uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t win_w, uint32_t win_h);

/* ---- exact arithmetic ---- */

/* (int32_t)sqrtf((float)u) with IEEE round-to-nearest float conversion and a correctly rounded sqrt (what
 * the Cortex-M7's vcvt + vsqrt give), computed with integers so no libm is needed and hosts agree. */
int32_t fl_haar_sqrtf_trunc(uint32_t u);
/* sqrt(v) for 0 <= v < 2^52, within one ulp (Newton from the integer root); no libm. */
double fl_haar_sqrt_d(double v);
/* Round half to even (vcvtr / cvRound / lrint in the default rounding mode); |v| < 2^30. */
int32_t fl_haar_round_f(float v);
int32_t fl_haar_round_d(double v);
/* floor for |v| < 2^30. */
int32_t fl_haar_floor_d(double v);
/* Two's-complement view of a wrapped 32-bit value (what the camera's 32-bit int arithmetic produces). */
int32_t fl_haar_wrap_i32(uint32_t u);

/* ---- per-mode detection; the dispatcher has validated cascade, cfg, img and the output pointers ---- */

typedef struct {
    fl_haar_rect_t *out;
    uint32_t out_cap;
    uint32_t n_out;
    fl_haar_stats_t stats;
} fl_haar_result_t;

size_t fl_haar_camera_scratch_bytes(const fl_cascade_t *c, const fl_haar_config_t *cfg, int32_t frame_w);
FL_NODISCARD fl_status_t fl_haar_detect_camera(const fl_cascade_t *c, const fl_haar_config_t *cfg,
                                               const fl_haar_gray_t *img, fl_arena_t *arena,
                                               fl_haar_result_t *res);

size_t fl_haar_opencv_scratch_bytes(const fl_cascade_t *c, const fl_haar_config_t *cfg, int32_t frame_w);
FL_NODISCARD fl_status_t fl_haar_detect_opencv(const fl_cascade_t *c, const fl_haar_config_t *cfg,
                                               const fl_haar_gray_t *img, fl_arena_t *arena,
                                               fl_haar_result_t *res);

/* ---- OpenCV INTER_LINEAR_EXACT resize, one destination row at a time ---- */

typedef struct {
    const fl_haar_gray_t *src;
    int32_t dst_w, dst_h;
    int area2;            /* exact 2x downscale: OpenCV switches to INTER_AREA (2x2 average) */
    int32_t *xofs;        /* [dst_w] left source column */
    uint16_t *xcoef;      /* [dst_w] weight of the right column, Q8 (left = 256 - it) */
    int32_t xmin, xmax;   /* dst columns < xmin copy column 0, >= xmax copy the last column */
    double yscale;        /* source rows per destination row */
    int32_t ymin, ymax;
    uint16_t *hline[2];   /* [dst_w] horizontally resized source rows, Q8 */
    int32_t hline_row[2]; /* which source row each holds, -1 = none */
} fl_haar_resizer_t;

/* Bytes of scratch fl_haar_resizer_init() needs for a destination width (before alignment). */
size_t fl_haar_resizer_bytes(int32_t dst_w);
/* mem must hold fl_haar_resizer_bytes(dst_w) bytes, 4-byte aligned. */
void fl_haar_resizer_init(fl_haar_resizer_t *z, const fl_haar_gray_t *src, int32_t dst_w, int32_t dst_h,
                          void *mem);
/* Destination row dy (0 <= dy < dst_h, any order; increasing order is cheapest) into row[dst_w]. */
void fl_haar_resizer_row(fl_haar_resizer_t *z, int32_t dy, uint8_t *row);

/* ---- grouping ---- */

/* OpenMV rectangle_merge() on n boxes in place (int16 arithmetic, C division); returns the new count. */
uint32_t fl_haar_merge_openmv(fl_haar_rect_t *r, uint32_t n);
/* Scratch for fl_haar_group_opencv() with up to n boxes, bytes (before alignment). */
size_t fl_haar_group_bytes(uint32_t n);
/* OpenCV groupRectangles(rects, group_threshold, eps = 0.2) in place; returns the new count. scratch must hold
 * fl_haar_group_bytes(n) bytes, 4-byte aligned. */
uint32_t fl_haar_group_opencv(fl_haar_rect_t *r, uint32_t n, int32_t group_threshold, void *scratch);

#endif /* FL_HAAR_INTERNAL_H */
