/* SPDX-License-Identifier: MIT */
/* Private to src/model/fl_model_*.c: the bounded reader shared by the header and layer parsers, and the layer
 * plan that fl_model_load() writes and fl_model_run() reads. Never included by application code. */
#ifndef FL_MODEL_INTERNAL_H
#define FL_MODEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_model.h"
#include "fl/fl_nn.h"

/* One planned layer: the validated record with its tensors resolved to pointers into the blob. Compact types
 * (v1 limits fit) so the plan stays within FL_MODEL_PLAN_BYTES_PER_LAYER on 32- and 64-bit targets. */
typedef struct fl_model_layer_s {
    uint8_t op;                     /* FL_MODEL_OP_* */
    uint8_t kh, kw, sh, sw, ph, pw; /* kernel, stride, top/left padding (conv, dwconv, pools) */
    uint8_t ch_mult;                /* dwconv */
    uint8_t lshift, rshift, rounding, frac_bits; /* q7 */
    int8_t in_zp, out_zp, act_min, act_max;      /* s8 */
    uint16_t in_h, in_w, in_c, out_h, out_w, out_c;
    int32_t sm_mult, sm_shift, sm_diff_min;      /* s8 softmax */
    const int8_t *weights;          /* conv OHWI, dwconv [1][KH][KW][C_out], fc [units][cols] */
    const void *bias;               /* int8 [C_out] (q7) or int32 [C_out] (s8); NULL = none */
    const int32_t *mult;            /* s8: [C_out] (conv, dwconv) or [1] (fc) */
    const int32_t *shift;
} fl_model_layer_t;

/* A window [pos, end) of the blob; every read checks it first. Offsets in errors are absolute. */
typedef struct {
    const uint8_t *blob;
    size_t pos;
    size_t end;
    uint32_t layer;
    fl_model_error_t *err;
} fl_model_rd_t;

/* Figures the layer parser accumulates for the header checks. */
typedef struct {
    uint64_t macs;
    size_t max_elems;     /* largest tensor, input included */
    size_t scratch_bytes; /* the format's kernel scratch budget (max over layers) */
    uint32_t out_h, out_w, out_c;
} fl_model_totals_t;

/* Records why (first error wins) and returns st. */
fl_status_t fl_model_fail(fl_model_rd_t *r, fl_status_t st, const char *why);

FL_NODISCARD fl_status_t fl_model_rd_u8(fl_model_rd_t *r, uint8_t *v);
FL_NODISCARD fl_status_t fl_model_rd_u16(fl_model_rd_t *r, uint16_t *v);
FL_NODISCARD fl_status_t fl_model_rd_u32(fl_model_rd_t *r, uint32_t *v);
/* n reserved bytes that must be zero (FL_ERR_FORMAT naming `what` otherwise). */
FL_NODISCARD fl_status_t fl_model_rd_zero(fl_model_rd_t *r, size_t n, const char *what);
/* A sub-reader over [off, off + len) relative to the blob start; FL_ERR_FORMAT if it leaves the parent. */
FL_NODISCARD fl_status_t fl_model_rd_sub(fl_model_rd_t *parent, uint64_t off, uint64_t len, fl_model_rd_t *sub,
                                         const char *what);

static inline uint32_t fl_model_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline int32_t fl_model_s32(uint32_t u)
{
    return u <= (uint32_t)INT32_MAX ? (int32_t)u : (int32_t)(u - 2147483648u) - INT32_MAX - 1;
}

/* Parse and validate the layer table (rd covers exactly n_layers records) against the input spec and the
 * weight section (ws covers it exactly; weights_base is its first byte). plan may be NULL (inspect). */
FL_NODISCARD fl_status_t fl_model_parse_layers(fl_model_rd_t *rd, fl_model_rd_t *ws, uint32_t scheme,
                                               uint32_t n_layers, const fl_model_input_t *input,
                                               fl_model_layer_t *plan, fl_model_totals_t *tot);

#endif /* FL_MODEL_INTERNAL_H */
