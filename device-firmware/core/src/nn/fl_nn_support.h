/* SPDX-License-Identifier: MIT */
/* Internal helpers shared by the kernels. Never included by application code.
 *
 * Portability: the Cortex-M7 accumulates in 32-bit registers that wrap; in C, signed overflow is undefined, so
 * accumulation goes through uint32_t and is converted back with fl_nn_u2s() (well-defined, no reliance on
 * implementation-defined conversions). Right shifts of negative int32_t are assumed arithmetic, as on every
 * compiler we target (GCC, Clang, Arm Compiler) and as CMSIS-NN itself assumes. */
#ifndef FL_NN_SUPPORT_H
#define FL_NN_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_nn.h"

/* Dimension limit for every axis (the legacy kernels take uint16_t dimensions). */
#define FL_NN_MAX_DIM 65535
/* Element-count limit for one tensor, so int32 index arithmetic can never overflow. */
#define FL_NN_MAX_ELEMS (1L << 28)

static inline int32_t fl_nn_u2s(uint32_t v)
{
    return v <= (uint32_t)INT32_MAX ? (int32_t)v : (int32_t)(v - 2147483648u) - INT32_MAX - 1;
}

static inline int8_t fl_nn_ssat8(int32_t v)
{
    return (int8_t)(v > 127 ? 127 : (v < -128 ? -128 : v));
}

static inline int32_t fl_nn_clamp(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

/* Wrapping 32-bit left shift (what LSL does), s in 0..31. */
static inline int32_t fl_nn_shl_wrap(int32_t v, uint32_t s)
{
    return fl_nn_u2s((uint32_t)v << s);
}

/* Valid activation tensor shape: n == 1, 1 <= h,w,c <= FL_NN_MAX_DIM, h*w*c <= FL_NN_MAX_ELEMS. */
static inline int fl_nn_dims_ok(const fl_nn_dims_t *d)
{
    int64_t e;
    if (d == NULL || d->n != 1 || d->h < 1 || d->w < 1 || d->c < 1 || d->h > FL_NN_MAX_DIM ||
        d->w > FL_NN_MAX_DIM || d->c > FL_NN_MAX_DIM) {
        return 0;
    }
    e = (int64_t)d->h * d->w * d->c;
    return e <= FL_NN_MAX_ELEMS;
}

/* Valid filter shape: n >= 1 (any of n,h,w,c in range), n*h*w*c <= FL_NN_MAX_ELEMS. */
static inline int fl_nn_filter_ok(const fl_nn_dims_t *d)
{
    int64_t e;
    if (d == NULL || d->n < 1 || d->h < 1 || d->w < 1 || d->c < 1 || d->n > FL_NN_MAX_DIM ||
        d->h > FL_NN_MAX_DIM || d->w > FL_NN_MAX_DIM || d->c > FL_NN_MAX_DIM) {
        return 0;
    }
    e = (int64_t)d->n * d->h * d->w * d->c;
    return e <= FL_NN_MAX_ELEMS;
}

static inline int fl_nn_hw_ok(fl_nn_hw_t v, int32_t min)
{
    return v.h >= min && v.w >= min && v.h <= FL_NN_MAX_DIM && v.w <= FL_NN_MAX_DIM;
}

static inline size_t fl_nn_numel(const fl_nn_dims_t *d)
{
    return (size_t)d->h * (size_t)d->w * (size_t)d->c;
}

/* Scratch check shared by every kernel with a *_scratch_size twin. */
static inline fl_status_t fl_nn_ctx_check(const fl_nn_ctx_t *ctx, size_t need)
{
    if (need == 0u) {
        return FL_OK;
    }
    if (ctx == NULL || ctx->buf == NULL) {
        return FL_ERR_ARG;
    }
    return ctx->size < need ? FL_ERR_NO_MEM : FL_OK;
}

static inline int fl_nn_q7_shift_ok(const fl_nn_q7_shift_t *s)
{
    return s != NULL && s->bias_lshift <= 31u && s->out_rshift <= 31u &&
           (s->rounding == FL_NN_Q7_TRUNCATE || s->rounding == FL_NN_Q7_ROUND);
}

/* Accumulator start value of the q7 scheme: (bias << l) + NN_ROUND(r). */
static inline uint32_t fl_nn_q7_acc_init(int8_t bias, const fl_nn_q7_shift_t *s)
{
    uint32_t acc = (uint32_t)(int32_t)bias << s->bias_lshift;
    if (s->rounding == FL_NN_Q7_ROUND && s->out_rshift > 0u) {
        acc += 1u << (s->out_rshift - 1u);
    }
    return acc;
}

static inline int8_t fl_nn_q7_out(uint32_t acc, const fl_nn_q7_shift_t *s)
{
    return fl_nn_ssat8(fl_nn_u2s(acc) >> s->out_rshift);
}

static inline int fl_nn_act_ok(const fl_nn_act_t *a)
{
    return a->min >= -128 && a->max <= 127 && a->min <= a->max;
}

/* Argument checks shared by a kernel and its DSP twin: both files must accept exactly the same calls, so the
 * rules live here once instead of being copied into each variant. */

/* s8 zero-point offsets: input_offset = -input_zero_point in -127..128, output_offset in -128..127. */
static inline int fl_nn_s8_offsets_ok(int32_t input_offset, int32_t output_offset)
{
    return input_offset >= -127 && input_offset <= 128 && output_offset >= -128 && output_offset <= 127;
}

/* Fully connected: rows x cols weights within the engine's limits. */
static inline int fl_nn_fc_shape_ok(int32_t rows, int32_t cols)
{
    return cols >= 1 && rows >= 1 && cols <= FL_NN_MAX_ELEMS && rows <= FL_NN_MAX_DIM &&
           (int64_t)rows * cols <= FL_NN_MAX_ELEMS;
}

/* Convolution: valid tensors, stride >= 1, pad >= 0, filter [out_c][kh][kw][in_c]. */
static inline int fl_nn_conv_shape_ok(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *filter_dims,
                                      const fl_nn_dims_t *out_dims, fl_nn_hw_t stride, fl_nn_hw_t pad)
{
    return fl_nn_dims_ok(in_dims) && fl_nn_filter_ok(filter_dims) && fl_nn_dims_ok(out_dims) &&
           fl_nn_hw_ok(stride, 1) && fl_nn_hw_ok(pad, 0) && filter_dims->c == in_dims->c &&
           filter_dims->n == out_dims->c;
}

/* s8 depthwise convolution: filter [1][kh][kw][in_c * ch_mult], out_c = in_c * ch_mult. */
static inline int fl_nn_dwconv_s8_args_ok(const fl_nn_dwconv_s8_params_t *p, const fl_nn_dims_t *in_dims,
                                          const fl_nn_dims_t *filter_dims, const fl_nn_dims_t *out_dims)
{
    return fl_nn_dims_ok(in_dims) && fl_nn_filter_ok(filter_dims) && fl_nn_dims_ok(out_dims) &&
           fl_nn_hw_ok(p->stride, 1) && fl_nn_hw_ok(p->pad, 0) && fl_nn_act_ok(&p->act) && p->ch_mult >= 1 &&
           fl_nn_s8_offsets_ok(p->input_offset, p->output_offset) && filter_dims->n == 1 &&
           (int64_t)in_dims->c * p->ch_mult == out_dims->c && filter_dims->c == out_dims->c;
}

/* Scratch of the s8 convolution, the same in both variants so either accepts exactly the same calls: when a
 * filter row's contiguous run (KW * C_in bytes) is shorter than 16, the DSP variant gathers two output pixels'
 * windows into two int16 columns (im2col) so its inner loop runs over all KH * KW * C_in taps at once; that is
 * 2 columns * KH * KW * C_in * 2 bytes (the .network format's conv budget, like CMSIS-NN's
 * arm_convolve_s8_get_buffer_size). Longer runs need none. */
static inline size_t fl_nn_conv_s8_cols_bytes(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *filter_dims)
{
    if (in_dims == NULL || filter_dims == NULL || in_dims->c < 1 || filter_dims->h < 1 || filter_dims->w < 1 ||
        (int64_t)filter_dims->w * in_dims->c >= 16 || filter_dims->h > FL_NN_MAX_DIM) {
        return 0u;
    }
    return 2u * sizeof(int16_t) * (size_t)filter_dims->h * (size_t)filter_dims->w * (size_t)in_dims->c;
}

/* Taps per window up to which a q7 convolution with C_in % 4 == 0 takes the column-pair path (at most 256 KiB
 * of scratch); larger filters keep the windowed path, which needs none. */
#define FL_NN_CONV_Q7_PAIR_MAX_TAPS 65536

/* Scratch of the q7 convolution, the same rule in both variants: the DSP variant's two int16 im2col columns,
 * 2 * KH * KW * C_in int16 = the FLMD format's conv budget, for short filter rows (KW * C_in < 16, e.g. RGB
 * input, as legacy arm_convolve_HWC_q7_RGB) and for C_in % 4 == 0 (as arm_convolve_HWC_q7_fast, up to
 * FL_NN_CONV_Q7_PAIR_MAX_TAPS taps); 0 otherwise. */
static inline size_t fl_nn_conv_q7_cols_bytes(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *filter_dims)
{
    int64_t row, taps;
    if (in_dims == NULL || filter_dims == NULL || in_dims->c < 1 || filter_dims->h < 1 || filter_dims->w < 1 ||
        filter_dims->h > FL_NN_MAX_DIM || filter_dims->w > FL_NN_MAX_DIM || in_dims->c > FL_NN_MAX_DIM) {
        return 0u;
    }
    row = (int64_t)filter_dims->w * in_dims->c;
    taps = row * filter_dims->h;
    if (row < 16 || (in_dims->c % 4 == 0 && taps <= FL_NN_CONV_Q7_PAIR_MAX_TAPS)) {
        return 2u * sizeof(int16_t) * (size_t)taps;
    }
    return 0u;
}

/* (a * b + 2^30) >> 31 in 64 bits, result truncated to 32 bits (arm_nn_doubling_high_mult_no_sat). */
static inline int32_t fl_nn_dhm_no_sat(int32_t a, int32_t b)
{
    int64_t m = (int64_t)a * (int64_t)b + ((int64_t)1 << 30);
    return fl_nn_u2s((uint32_t)((uint64_t)(m >> 31) & 0xFFFFFFFFu));
}

/* Rounding divide by 2^exponent, midpoint away from zero (arm_nn_divide_by_power_of_two), exponent 0..31. */
static inline int32_t fl_nn_div_pow2(int32_t dividend, int32_t exponent)
{
    int32_t mask;
    int32_t remainder;
    int32_t result;
    int32_t threshold;
    exponent = exponent < 0 ? 0 : (exponent > 31 ? 31 : exponent);
    mask = (int32_t)(((int64_t)1 << exponent) - 1);
    remainder = mask & dividend;
    result = dividend >> exponent;
    threshold = mask >> 1;
    if (result < 0) {
        threshold++;
    }
    if (remainder > threshold) {
        result++;
    }
    return result;
}

/* arm_nn_doubling_high_mult (saturating, rounding toward the nearest, ties away from zero: VQRDMULH). */
static inline int32_t fl_nn_dhm_sat(int32_t a, int32_t b)
{
    int64_t m = (int64_t)1 << 30;
    int64_t p;
    if ((a < 0) != (b < 0)) {
        m = 1 - m;
    }
    if (a == b && a == INT32_MIN) {
        return INT32_MAX;
    }
    p = m + (int64_t)a * (int64_t)b;
    /* C division truncates toward zero, as the reference does with '/ (1ll << 31)'. */
    return (int32_t)(p / ((int64_t)1 << 31));
}

static inline int32_t fl_nn_requant(int32_t val, int32_t mult, int32_t shift)
{
    int32_t left;
    int32_t right;
    if (shift > 31) {
        shift = 31;
    }
    if (shift < -31) {
        shift = -31;
    }
    left = shift > 0 ? shift : 0;
    right = shift > 0 ? 0 : -shift;
    return fl_nn_div_pow2(fl_nn_dhm_no_sat(fl_nn_shl_wrap(val, (uint32_t)left), mult), right);
}

/* Pooling window of output index o along one axis, clipped to [0, in): [*lo, *hi). Returns 0 if empty. */
static inline int fl_nn_window(int32_t o, int32_t stride, int32_t pad, int32_t k, int32_t in, int32_t *lo,
                               int32_t *hi)
{
    int64_t s = (int64_t)o * stride - pad;
    int64_t e = s + k;
    if (s < 0) {
        s = 0;
    }
    if (e > in) {
        e = in;
    }
    *lo = (int32_t)s;
    *hi = (int32_t)e;
    return s < e;
}

/* Shared validation of a pooling call: shapes, channels equal, every output window non-empty. */
static inline int fl_nn_pool_ok(const fl_nn_pool_params_t *p, const fl_nn_dims_t *in_dims,
                                const fl_nn_dims_t *out_dims)
{
    int32_t i, lo, hi;
    if (p == NULL || !fl_nn_dims_ok(in_dims) || !fl_nn_dims_ok(out_dims) || in_dims->c != out_dims->c ||
        !fl_nn_hw_ok(p->window, 1) || !fl_nn_hw_ok(p->stride, 1) || !fl_nn_hw_ok(p->pad, 0)) {
        return 0;
    }
    for (i = 0; i < out_dims->h; i++) {
        if (!fl_nn_window(i, p->stride.h, p->pad.h, p->window.h, in_dims->h, &lo, &hi)) {
            return 0;
        }
    }
    for (i = 0; i < out_dims->w; i++) {
        if (!fl_nn_window(i, p->stride.w, p->pad.w, p->window.w, in_dims->w, &lo, &hi)) {
            return 0;
        }
    }
    return 1;
}

#endif /* FL_NN_SUPPORT_H */
