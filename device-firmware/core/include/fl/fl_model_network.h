/* SPDX-License-Identifier: MIT */
/* The OpenMV firmware 3.0 ".network" model format (the seed's CNNs): loader, runner and input preprocessing.
 *
 * Plan, then run:
 *   fl_network_inspect()  parse + validate a blob without storing anything; reports the memory it needs.
 *   fl_network_load()     same validation, then places the layer table in the caller's arena (persistent end).
 *                         Weights are NOT copied: the net points into the blob, which must outlive the net
 *                         (keep it in flash or in a static buffer).
 *   fl_network_preprocess() image + ROI -> int8 input tensor [in_h][in_w][in_c].
 *   fl_network_run()      input tensor -> n_outputs int8 values. Never allocates, never parses.
 *   fl_network_scores()   int8 outputs -> float scores, as Net.forward() returned them (camera) or fixed.
 *
 * Modes:
 *   FL_NETWORK_MODE_CAMERA     reproduces firmware 3.0 bit for bit, quirks included (half input amplitude,
 *                              16-bit ReLU count, legacy separable pooling with the max-pool channel
 *                              remainder, arm_softmax_q7, (q+128)/255 scores).
 *   FL_NETWORK_MODE_CORRECTED  fixes those quirks (each difference is listed in docs/nn-engine.md).
 *
 * Validation (every field is checked; the first error is kept in fl_network_error_t): magic "CAFE", layer
 * count, layer types, shapes (Caffe output-size formulas, channel chaining), shifts 0..31, weight/bias sizes,
 * DATA means 0..255 and scale 1..16, exact end of blob. Truncated, corrupt or hostile input returns an error
 * and never reads outside [blob, blob + len).
 *
 * Status codes: FL_ERR_FORMAT (truncated, bad magic, trailing bytes), FL_ERR_UNSUPPORTED (unknown layer type,
 * layer order the firmware cannot run, non-square maps), FL_ERR_RANGE (a field outside its range),
 * FL_ERR_MISMATCH (shapes or sizes that contradict each other), FL_ERR_NO_MEM (arena or scratch too small),
 * FL_ERR_ARG (NULL / bad arguments). Nothing here is thread-safe; a loaded net is read-only and may be run
 * from one thread at a time per scratch buffer. */
#ifndef FL_MODEL_NETWORK_H
#define FL_MODEL_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fl_arena.h"
#include "fl_export.h"
#include "fl_nn.h"
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FL_NETWORK_MAX_LAYERS 256u   /* the shipped nets have 11 */
#define FL_NETWORK_MAX_DIM 4096u     /* per c, h, w */
#define FL_NETWORK_MAX_ELEMS (1u << 24) /* per layer output c*h*w */

typedef enum {
    FL_NETWORK_LAYER_DATA = 0,
    FL_NETWORK_LAYER_CONV = 1,
    FL_NETWORK_LAYER_RELU = 2,
    FL_NETWORK_LAYER_POOL = 3,
    FL_NETWORK_LAYER_IP = 4
} fl_network_layer_type_t;

typedef enum { FL_NETWORK_POOL_MAX = 0, FL_NETWORK_POOL_AVE = 1 } fl_network_pool_type_t;

/* One validated layer record. Fields not used by a type are 0 / NULL. */
typedef struct {
    fl_network_layer_type_t type;
    uint32_t n, c, h, w;       /* Caffe output shape (n = TEST batch size, unused) */
    int32_t mean[3];           /* DATA: r, g, b means (0..255) */
    int32_t scale;             /* DATA: 8 - act_dec_bits(data), 1..16 */
    uint32_t l_shift, r_shift; /* CONV, IP: bias left shift, output right shift (0..31) */
    uint32_t krn_dim, krn_pad, krn_str; /* CONV, POOL */
    fl_network_pool_type_t pool_type;   /* POOL */
    const int8_t *weights;     /* CONV: [c][k][k][c_in]; IP: x4-interleaved [c][c_in*h_in*w_in]; into the blob */
    uint32_t w_size;
    const int8_t *bias;        /* CONV, IP: [c], into the blob */
    uint32_t b_size;
} fl_network_layer_t;

/* What a blob needs, from fl_network_inspect() (also filled by fl_network_load()). */
typedef struct {
    uint32_t n_layers;
    uint32_t in_h, in_w, in_c;  /* input tensor shape (DATA layer) */
    uint32_t n_outputs;         /* c of the last layer */
    size_t persistent_bytes;    /* arena bytes fl_network_load() takes (layer table + alignment slack) */
    size_t scratch_bytes;       /* bytes of scratch fl_network_run() needs (any alignment) */
    size_t macs;                /* multiply-accumulates per inference (CONV + IP) */
    size_t weight_bytes;        /* weights + biases in the blob */
} fl_network_info_t;

/* The first error found while parsing. msg is a static string (never NULL after an error). */
typedef struct {
    const char *msg;
    size_t offset;  /* byte offset in the blob where the problem was detected */
    uint32_t layer; /* layer index, or UINT32_MAX for the header */
} fl_network_error_t;

/* A loaded net. Read-only after fl_network_load(); lives as long as the arena memory and the blob. */
typedef struct {
    const fl_network_layer_t *layers;
    fl_network_info_t info;
} fl_network_t;

typedef enum { FL_NETWORK_MODE_CAMERA = 0, FL_NETWORK_MODE_CORRECTED = 1 } fl_network_mode_t;

/* err may be NULL. On error *info is unspecified. */
FL_API FL_NODISCARD fl_status_t fl_network_inspect(const uint8_t *blob, size_t len, fl_network_info_t *info,
                                                   fl_network_error_t *err);

/* Validates, then takes info.persistent_bytes from the arena's persistent end. On failure the arena is
 * unchanged except for its failure report; *net is zeroed. */
FL_API FL_NODISCARD fl_status_t fl_network_load(fl_network_t *net, const uint8_t *blob, size_t len,
                                                fl_arena_t *arena, fl_network_error_t *err);

/* input: int8 [in_h][in_w][in_c] (e.g. from fl_network_preprocess); out: n_outputs int8 (q7). scratch must hold
 * info.scratch_bytes. softmax: camera mode applies arm_softmax_q7 to the outputs (Net.forward(softmax=True));
 * corrected mode leaves the logits untouched and applies the softmax in fl_network_scores(). */
FL_API FL_NODISCARD fl_status_t fl_network_run(const fl_network_t *net, fl_network_mode_t mode, bool softmax,
                                               const int8_t *input, const fl_nn_ctx_t *scratch, int8_t *out);

/* Scores as floats. camera: (q + 128) / 255 (what py_nn.c returned; softmax outputs then lie in
 * [0.502, 1.0] and do not sum to 1). corrected: softmax ? base-2 softmax of the logits (sums to 1; the file
 * stores no output scale, and base 2 is what arm_softmax_q7 approximates) : q / 128 (the Q0.7 value). */
FL_API FL_NODISCARD fl_status_t fl_network_scores(fl_network_mode_t mode, bool softmax, const int8_t *q,
                                                  uint32_t n, float *scores);

/* ---- preprocessing (openmv-nn-and-haar.md §3.1-3.2) ---- */

typedef enum {
    FL_PIXFMT_GRAYSCALE = 0,      /* uint8_t per pixel */
    FL_PIXFMT_RGB565 = 1,         /* uint16_t per pixel, (r5 << 11) | (g6 << 5) | b5, native byte order */
    FL_PIXFMT_RGB565_SWAPPED = 2  /* uint16_t as the OpenMV frame buffer holds it (bytes swapped) */
} fl_pixfmt_t;

typedef struct {
    const void *pixels;
    int32_t w, h;   /* 1..32767 */
    int32_t stride; /* pixels per row, >= w */
    fl_pixfmt_t fmt;
} fl_image_t;

typedef struct {
    int32_t x, y, w, h;
} fl_rect_t;

typedef enum {
    FL_RESIZE_NEAREST = 0, /* the camera's: ratio = ((roi_w << 16) / net_w) + 1, src = (x * ratio) >> 16 */
    FL_RESIZE_BILINEAR = 1 /* pixel-centre aligned bilinear, 16.16 fixed point, round half up */
} fl_resize_t;

/* roi NULL = whole image; otherwise clipped to the image (FL_ERR_RANGE if it does not overlap it), then
 * stretched to in_w x in_h (the aspect ratio may change, as on the camera).
 * camera mode: q = SSAT8((((p - mean) << 7) + 2^(scale-1)) >> scale) (half the quantizer's amplitude);
 *   grayscale into a 3-channel net subtracts (int)(0.30f r + 0.59f g + 0.11f b) from every channel.
 * corrected mode: q = SSAT8(floor((p - mean) * 2^(8 - scale))) (the quantizer's floor(A * 2^act_dec));
 *   grayscale into a 3-channel net subtracts each channel's own mean.
 * RGB565 into a 1-channel net uses Y = (int)(0.299 R + 0.587 G + 0.114 B) in double precision, like the
 * firmware's yuv_table generator (all 65536 pixels checked by the unit test). */
FL_API FL_NODISCARD fl_status_t fl_network_preprocess(const fl_network_t *net, fl_network_mode_t mode,
                                                      fl_resize_t resize, const fl_image_t *img,
                                                      const fl_rect_t *roi, int8_t *tensor);

/* 5/6-bit to 8-bit expansion the firmware uses (rb528 / g628 tables), exposed for tests and tools. */
FL_API uint8_t fl_network_r5_to_8(uint32_t v5);
FL_API uint8_t fl_network_g6_to_8(uint32_t v6);

#ifdef __cplusplus
}
#endif

#endif /* FL_MODEL_NETWORK_H */
