/* SPDX-License-Identifier: MIT */
/* Haar cascades: the OpenMV firmware 3.0 binary ".cascade" file and Fleet's own "FLHC" cascade
 * (docs/cascade-format.md), both loaded into one in-memory form that fl_haar_detect() runs.
 *
 * Plan, then run:
 *   fl_cascade_inspect()  parse + validate a blob; reports the counts and the arena bytes a load takes.
 *   fl_cascade_load()     same validation, then builds the stage/feature/rect tables in the caller's arena
 *                         (persistent end). The blob is not referenced afterwards and may be freed.
 * The format is chosen by the first four bytes: "FLHC" is a Fleet cascade, anything else is parsed as an
 * OpenMV .cascade (which has no magic; its first field is window_w as an i32, and "FLHC" read that way is far
 * outside the accepted range, so the two cannot be confused).
 *
 * Values: each feature and stage carries both the camera's fixed-point numbers (int(x * 4096) for node
 * thresholds, int(x * 256) for leaf values and stage thresholds, integer rectangle weights; what OpenMV's
 * detector uses) and float32 values (what OpenCV's detector uses). A Fleet cascade stores both. An OpenMV
 * .cascade stores only the fixed-point ones; the floats are then the dequantised values (q / 4096, q / 256)
 * and FL_CASCADE_FLOAT_EXACT is not set, so OpenCV-mode results on such a cascade are an approximation.
 *
 * Validation (every field; the first error is kept in fl_cascade_error_t): window 1..FL_CASCADE_MAX_WINDOW,
 * stage count 1..FL_CASCADE_MAX_STAGES, 1..255 features per stage (1..4095 in a Fleet cascade), 1..3 rectangles per feature, every
 * rectangle non-empty and inside the window, finite floats, zero reserved bytes, exact end of blob.
 * Truncated, corrupt or hostile input returns an error and never reads outside [blob, blob + len).
 *
 * Status codes: FL_ERR_FORMAT (truncated, trailing bytes, bad magic/header), FL_ERR_UNSUPPORTED (a Fleet
 * version or flag this build does not know, tilted features), FL_ERR_RANGE (a field outside its range),
 * FL_ERR_MISMATCH (counts that contradict each other), FL_ERR_NO_MEM (arena too small; the arena's failure
 * report says by how much), FL_ERR_ARG (NULL arguments). Not thread-safe while loading; a loaded cascade is
 * read-only and may be shared by any number of concurrent detections. */
#ifndef FL_CASCADE_H
#define FL_CASCADE_H

#include <stddef.h>
#include <stdint.h>

#include "fl_arena.h"
#include "fl_export.h"
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FL_CASCADE_MAX_WINDOW 64u        /* pixels per side; the shipped cascades use 20 and 24 */
#define FL_CASCADE_MAX_STAGES 1024u      /* the shipped cascades have up to 25 */
#define FL_CASCADE_MAX_FEATURES 262144u  /* total weak classifiers; the 25-stage face cascade has 2913 */
#define FL_CASCADE_MAX_RECTS_PER_FEATURE 3u

#define FL_CASCADE_MAGIC "FLHC"
#define FL_CASCADE_VERSION 1u

typedef enum {
    FL_CASCADE_FORMAT_OPENMV = 0, /* OpenMV firmware 3.0 binary .cascade */
    FL_CASCADE_FORMAT_FLEET = 1   /* "FLHC" */
} fl_cascade_format_t;

/* Flags of a loaded cascade. */
#define FL_CASCADE_FLOAT_EXACT 1u /* float values come from the source cascade, not from dequantisation */

typedef struct {
    uint16_t n_features;  /* weak classifiers in this stage: 1..255 (OpenMV), 1..4095 (Fleet) */
    int16_t threshold_q8; /* camera: int(stage_threshold * 256) */
    float threshold;      /* OpenCV: stage threshold as stored (the detector subtracts OpenCV's 1e-5) */
} fl_cascade_stage_t;

typedef struct {
    float threshold;        /* OpenCV: node threshold (on the variance-normalised feature value) */
    float left, right;      /* OpenCV: leaf values for value < threshold / value >= threshold */
    int16_t threshold_q12;  /* camera: int(threshold * 4096) */
    int16_t left_q8;        /* camera: int(left * 256) */
    int16_t right_q8;       /* camera: int(right * 256) */
    uint8_t n_rects;        /* 1..3, indices first_rect .. first_rect + n_rects - 1 */
    uint8_t reserved;
    uint32_t first_rect;
} fl_cascade_feature_t;

typedef struct {
    uint8_t x, y, w, h; /* pixels inside the window: x + w <= window_w, y + h <= window_h, w, h >= 1 */
    int8_t weight_q0;   /* camera: integer weight */
    uint8_t reserved[3];
    float weight;       /* OpenCV: weight */
} fl_cascade_rect_t;

/* A loaded cascade. Read-only; the tables live in the arena memory passed to fl_cascade_load(). */
typedef struct {
    uint16_t window_w, window_h;
    uint32_t n_stages, n_features, n_rects;
    uint32_t flags; /* FL_CASCADE_FLOAT_EXACT */
    fl_cascade_format_t format;
    const fl_cascade_stage_t *stages;
    const fl_cascade_feature_t *features;
    const fl_cascade_rect_t *rects;
} fl_cascade_t;

/* From fl_cascade_inspect(). */
typedef struct {
    fl_cascade_format_t format;
    uint16_t window_w, window_h;
    uint32_t n_stages, n_features, n_rects;
    size_t persistent_bytes; /* arena bytes fl_cascade_load() takes, alignment slack included */
} fl_cascade_info_t;

/* The first error found while parsing. msg is a static string (never NULL after an error). */
typedef struct {
    const char *msg;
    size_t offset; /* byte offset in the blob where the problem was detected */
} fl_cascade_error_t;

/* err may be NULL. On error *info is unspecified. */
FL_API FL_NODISCARD fl_status_t fl_cascade_inspect(const uint8_t *blob, size_t len, fl_cascade_info_t *info,
                                                   fl_cascade_error_t *err);

/* Validates, then takes info.persistent_bytes from the arena's persistent end. On failure *cascade is zeroed
 * and the arena is unchanged (except its failure report). err may be NULL. */
FL_API FL_NODISCARD fl_status_t fl_cascade_load(fl_cascade_t *cascade, const uint8_t *blob, size_t len,
                                                fl_arena_t *arena, fl_cascade_error_t *err);

/* Keep only the first n_stages stages (OpenMV's HaarCascade(path, stages=N): a no-op unless
 * 0 < n_stages < cascade->n_stages). Tables are shared, nothing is copied. */
FL_API void fl_cascade_truncate(fl_cascade_t *cascade, uint32_t n_stages);

#ifdef __cplusplus
}
#endif

#endif /* FL_CASCADE_H */
