/* SPDX-License-Identifier: MIT */
/* Convolution, int8 (TFLite Micro / CMSIS-NN s8): ARMv7E-M DSP variant of fl_nn_conv_s8.c (same symbol, same
 * contract, same output bits; CMake compiles one of the two, see nn.cmake FL_NN_DSP). Three paths:
 *
 * - 1x1, stride 1, no padding (conv_pointwise): a matrix product on the input as it is, 2 pixels x 2 channels,
 *   the input offset folded into the start values.
 * - Short filter rows, KW * C_in < 16 (conv_im2col): two pixels' windows gathered into two int16 columns in the
 *   caller's scratch, then one loop over all KH * KW * C_in taps.
 * - Everything else (conv_windows): for a given output pixel and filter row ky, the in-bound taps
 *   kx_lo..kx_hi-1 are one contiguous run of (kx_hi - kx_lo) * C_in bytes in the HWC input and in the OHWI
 *   filter, so padding is resolved once per (pixel, ky) and each run is a dot product for the SXTB16/SMLAD
 *   loops of fl_nn_dsp_support.h, 2 pixels (when clipped alike) x 2 channels per pass. The input offset is
 *   added by SXTAB16 while widening; padded taps are skipped, the same as reading the input zero point.
 *
 * Output channels go in blocks of FL_NN_DSP_RQ_BLOCK whose requantization parameters are prepared once
 * (fl_nn_dsp_rq_prepare); fl_nn_dsp_epi is bit-identical to the portable epilogue. */
#include "fl_nn_dsp_support.h"

size_t fl_nn_conv_s8_scratch_size(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *filter_dims)
{
    return fl_nn_conv_s8_cols_bytes(in_dims, filter_dims); /* 0 unless the runs are short */
}

typedef struct {
    const int8_t *in;
    const int8_t *filter;
    int32_t H, W, C, KH, KW;
    int32_t ky_lo, ky_hi, kx_lo, kx_hi;
    int32_t offset;
    int64_t y0;
} window_t;

/* Accumulates output channels o (and o+1 when two) for one pixel (x0) or two pixels (x0 and x1 = x0 + step).
 * acc layout follows fl_nn_dsp_dot_2x2: {p0 o, p0 o+1, p1 o, p1 o+1}. */
static void accumulate(const window_t *wd, int64_t x0, size_t step, int32_t o, int two_ch, int two_px,
                       uint32_t acc[4])
{
    int32_t ky;
    int32_t len = (wd->kx_hi - wd->kx_lo) * wd->C;
    size_t krow = (size_t)wd->KW * (size_t)wd->C;
    if (len == 0) {
        return; /* the window lies entirely in the zero padding */
    }
    for (ky = wd->ky_lo; ky < wd->ky_hi; ky++) {
        const int8_t *xr = wd->in + ((size_t)(wd->y0 + ky) * (size_t)wd->W + (size_t)(x0 + wd->kx_lo)) * (size_t)wd->C;
        const int8_t *w0 = wd->filter + ((size_t)o * (size_t)wd->KH + (size_t)ky) * krow + (size_t)wd->kx_lo * (size_t)wd->C;
        if (two_px && two_ch) {
            fl_nn_dsp_dot_2x2(xr, xr + step, w0, w0 + (size_t)wd->KH * krow, len, wd->offset, acc);
        } else if (two_ch) {
            fl_nn_dsp_dot_1x2(xr, w0, w0 + (size_t)wd->KH * krow, len, wd->offset, acc);
        } else {
            acc[0] = fl_nn_dsp_dot_1x1(xr, w0, len, wd->offset, acc[0]);
            if (two_px) {
                acc[2] = fl_nn_dsp_dot_1x1(xr + step, w0, len, wd->offset, acc[2]);
            }
        }
    }
}


/* 1x1, stride 1, no padding, out_w == in_w: output pixel i reads input pixel i, so the input is already the
 * im2col matrix ([pixels][C], rows contiguous) and the layer is a matrix product with the [OC][C] filter. Two
 * pixels x two output channels per block (fl_nn_dsp_dot_2x2), no window arithmetic at all. */
static int is_pointwise(const fl_nn_conv_s8_params_t *p, const fl_nn_dims_t *in_dims,
                        const fl_nn_dims_t *filter_dims, const fl_nn_dims_t *out_dims)
{
    return filter_dims->h == 1 && filter_dims->w == 1 && p->stride.h == 1 && p->stride.w == 1 && p->pad.h == 0 &&
           p->pad.w == 0 && out_dims->w == in_dims->w && out_dims->h <= in_dims->h;
}

static void conv_pointwise(fl_nn_dsp_epi_t e, int32_t in_offset, const int8_t *in, int32_t C,
                           const int8_t *filter, const int32_t *bias, int32_t n_px, int32_t OC, int8_t *out)
{
    /* start values: bias + input_offset * (sum of the channel's weights), so the inner loop skips the offset */
    uint32_t start[FL_NN_DSP_RQ_BLOCK];
    int32_t px, o, j;
    const size_t c = (size_t)C;
    for (o = e.first; o < e.end; o++) {
        const int8_t *w = filter + (size_t)o * c;
        uint32_t sum = 0u;
        for (j = 0; j < C; j++) {
            sum += (uint32_t)(int32_t)w[j];
        }
        start[o - e.first] = (bias != NULL ? (uint32_t)bias[o] : 0u) + sum * (uint32_t)in_offset;
    }
    for (px = 0; px + 2 <= n_px; px += 2) {
        const int8_t *x0 = in + (size_t)px * c;
        int8_t *d0 = out + (size_t)px * (size_t)OC;
        int8_t *d1 = d0 + OC;
        for (o = e.first; o + 2 <= e.end; o += 2) {
            const int8_t *w0 = filter + (size_t)o * c;
            uint32_t acc[4];
            acc[0] = start[o - e.first];
            acc[1] = start[o + 1 - e.first];
            acc[2] = acc[0];
            acc[3] = acc[1];
            fl_nn_dsp_dot_2x2_raw(x0, x0 + c, w0, w0 + c, C, acc);
            d0[o] = fl_nn_dsp_epi(acc[0], e, o);
            d0[o + 1] = fl_nn_dsp_epi(acc[1], e, o + 1);
            d1[o] = fl_nn_dsp_epi(acc[2], e, o);
            d1[o + 1] = fl_nn_dsp_epi(acc[3], e, o + 1);
        }
        if (o < e.end) {
            const int8_t *w0 = filter + (size_t)o * c;
            uint32_t b = start[o - e.first];
            d0[o] = fl_nn_dsp_epi(fl_nn_dsp_dot_1x1(x0, w0, C, 0, b), e, o);
            d1[o] = fl_nn_dsp_epi(fl_nn_dsp_dot_1x1(x0 + c, w0, C, 0, b), e, o);
        }
    }
    if (px < n_px) {
        const int8_t *x0 = in + (size_t)px * c;
        int8_t *d0 = out + (size_t)px * (size_t)OC;
        for (o = e.first; o < e.end; o++) {
            d0[o] = fl_nn_dsp_epi(fl_nn_dsp_dot_1x1(x0, filter + (size_t)o * c, C, 0, start[o - e.first]), e, o);
        }
    }
}

/* Short runs (KW * C < 16, e.g. RGB input): im2col. Each output pixel's window becomes one int16 column of
 * K = KH * KW * C values (x + input_offset, 0 for padded taps), so the dot product is one loop over all K taps
 * instead of KH runs of a few bytes each. Within each group of 4 the column is stored in the lane order that
 * SXTB16 / SXTB16 ROR #8 give the weights ((t0, t2), (t1, t3)), so the weights need no repacking: per 4 taps,
 * 2 pixels x 2 channels cost 2 weight loads, 4 widenings, 4 column loads and 8 SMLADs. The last K % 4 taps
 * are stored in order and done in scalar code. */
static inline void put16(uint8_t *col, int32_t j, int32_t v)
{
    int16_t h = (int16_t)v; /* |v| <= 255 */
    memcpy(col + 2 * (size_t)j, &h, sizeof h);
}

static void fill_column(uint8_t *col, const window_t *wd, int64_t x0, int32_t K4)
{
    int32_t ky_lo, ky_hi, kx_lo, kx_hi, ky, i, j = 0;
    const int32_t C = wd->C;
    const int32_t row = wd->KW * C;
    fl_nn_dsp_tap_range(wd->y0, wd->KH, wd->H, &ky_lo, &ky_hi);
    fl_nn_dsp_tap_range(x0, wd->KW, wd->W, &kx_lo, &kx_hi);
    for (ky = 0; ky < wd->KH; ky++) {
        if (ky < ky_lo || ky >= ky_hi || kx_lo == kx_hi) {
            for (i = 0; i < row; i++) {
                put16(col, j++, 0);
            }
        } else {
            /* the in-bound taps of this filter row are one contiguous run of the HWC input */
            const int8_t *src = wd->in + ((size_t)(wd->y0 + ky) * (size_t)wd->W + (size_t)(x0 + kx_lo)) * (size_t)C;
            const int32_t run = (kx_hi - kx_lo) * C;
            for (i = 0; i < kx_lo * C; i++) {
                put16(col, j++, 0);
            }
            for (i = 0; i < run; i++) {
                put16(col, j++, (int32_t)src[i] + wd->offset);
            }
            for (i = kx_hi * C; i < row; i++) {
                put16(col, j++, 0);
            }
        }
    }
    /* reorder each full group t0 t1 t2 t3 into t0 t2 t1 t3 (the PKHBT / PKHTB pair) */
    for (i = 0; i < K4; i += 4) {
        uint32_t a, b;
        memcpy(&a, col + 2 * (size_t)i, sizeof a);
        memcpy(&b, col + 2 * (size_t)i + 4, sizeof b);
        {
            uint32_t lo = (a & 0xFFFFu) | (b << 16);
            uint32_t hi = (a >> 16) | (b & 0xFFFF0000u);
            memcpy(col + 2 * (size_t)i, &lo, sizeof lo);
            memcpy(col + 2 * (size_t)i + 4, &hi, sizeof hi);
        }
    }
}

/* Elements k, k+1 of a column as one word. */
static inline uint32_t load_pair(const uint8_t *col, int32_t k)
{
    uint32_t v;
    memcpy(&v, col + 2 * (size_t)k, sizeof v);
    return v;
}

static inline int32_t get16(const uint8_t *col, int32_t k)
{
    int16_t v;
    memcpy(&v, col + 2 * (size_t)k, sizeof v);
    return v;
}

/* acc = {c0 w0, c0 w1, c1 w0, c1 w1} over K taps; K4 = K & ~3. */
static inline void dot_cols_2x2(const uint8_t *c0, const uint8_t *c1, const int8_t *w0, const int8_t *w1,
                                int32_t K, int32_t K4, uint32_t acc[4])
{
    uint32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
    int32_t k;
    for (k = 0; k < K4; k += 4) {
        uint32_t u = fl_dsp_load4(w0 + k);
        uint32_t v = fl_dsp_load4(w1 + k);
        uint32_t ue = fl_dsp_sxtb16(u), uo = fl_dsp_sxtb16_ror8(u);
        uint32_t ve = fl_dsp_sxtb16(v), vo = fl_dsp_sxtb16_ror8(v);
        uint32_t x = load_pair(c0, k);
        a00 = fl_dsp_smlad(ue, x, a00);
        a01 = fl_dsp_smlad(ve, x, a01);
        x = load_pair(c0, k + 2);
        a00 = fl_dsp_smlad(uo, x, a00);
        a01 = fl_dsp_smlad(vo, x, a01);
        x = load_pair(c1, k);
        a10 = fl_dsp_smlad(ue, x, a10);
        a11 = fl_dsp_smlad(ve, x, a11);
        x = load_pair(c1, k + 2);
        a10 = fl_dsp_smlad(uo, x, a10);
        a11 = fl_dsp_smlad(vo, x, a11);
    }
    for (; k < K; k++) {
        int32_t s0 = w0[k], s1 = w1[k];
        a00 += (uint32_t)(s0 * get16(c0, k));
        a01 += (uint32_t)(s1 * get16(c0, k));
        a10 += (uint32_t)(s0 * get16(c1, k));
        a11 += (uint32_t)(s1 * get16(c1, k));
    }
    acc[0] = a00;
    acc[1] = a01;
    acc[2] = a10;
    acc[3] = a11;
}

/* One column against one weight row (odd output channel, or the last odd pixel: then c1 == c0). */
static inline uint32_t dot_cols_1x1(const uint8_t *c0, const int8_t *w0, int32_t K, int32_t K4, uint32_t acc)
{
    int32_t k;
    for (k = 0; k < K4; k += 4) {
        uint32_t u = fl_dsp_load4(w0 + k);
        acc = fl_dsp_smlad(fl_dsp_sxtb16(u), load_pair(c0, k), acc);
        acc = fl_dsp_smlad(fl_dsp_sxtb16_ror8(u), load_pair(c0, k + 2), acc);
    }
    for (; k < K; k++) {
        acc += (uint32_t)((int32_t)w0[k] * get16(c0, k));
    }
    return acc;
}

static void conv_im2col(fl_nn_dsp_epi_t e, window_t *wd, fl_nn_hw_t stride, fl_nn_hw_t pad, int32_t OH,
                        int32_t OW, int32_t OC, const int32_t *bias, uint8_t *cols, int8_t *out)
{
    const int32_t K = wd->KH * wd->KW * wd->C;
    const int32_t K4 = K & ~3;
    uint8_t *c0 = cols;
    uint8_t *c1 = cols + 2 * (size_t)K;
    int32_t oy, ox, o;
    for (oy = 0; oy < OH; oy++) {
        wd->y0 = (int64_t)oy * stride.h - pad.h;
        for (ox = 0; ox < OW; ox += 2) {
            int64_t x0 = (int64_t)ox * stride.w - pad.w;
            int two_px = ox + 1 < OW;
            int8_t *d0 = out + ((size_t)oy * (size_t)OW + (size_t)ox) * (size_t)OC;
            fill_column(c0, wd, x0, K4);
            if (two_px) {
                fill_column(c1, wd, x0 + stride.w, K4);
            }
            for (o = e.first; o + 2 <= e.end; o += 2) {
                const int8_t *w0 = wd->filter + (size_t)o * (size_t)K;
                uint32_t acc[4];
                acc[0] = bias != NULL ? (uint32_t)bias[o] : 0u;
                acc[1] = bias != NULL ? (uint32_t)bias[o + 1] : 0u;
                acc[2] = acc[0];
                acc[3] = acc[1];
                if (two_px) {
                    dot_cols_2x2(c0, c1, w0, w0 + K, K, K4, acc);
                    d0[OC + o] = fl_nn_dsp_epi(acc[2], e, o);
                    d0[OC + o + 1] = fl_nn_dsp_epi(acc[3], e, o + 1);
                } else {
                    acc[0] = dot_cols_1x1(c0, w0, K, K4, acc[0]);
                    acc[1] = dot_cols_1x1(c0, w0 + K, K, K4, acc[1]);
                }
                d0[o] = fl_nn_dsp_epi(acc[0], e, o);
                d0[o + 1] = fl_nn_dsp_epi(acc[1], e, o + 1);
            }
            if (o < e.end) {
                const int8_t *w0 = wd->filter + (size_t)o * (size_t)K;
                uint32_t b = bias != NULL ? (uint32_t)bias[o] : 0u;
                d0[o] = fl_nn_dsp_epi(dot_cols_1x1(c0, w0, K, K4, b), e, o);
                if (two_px) {
                    d0[OC + o] = fl_nn_dsp_epi(dot_cols_1x1(c1, w0, K, K4, b), e, o);
                }
            }
        }
    }
}

/* Every other shape: per output pixel and filter row, the in-bound taps are one contiguous run. */
static void conv_windows(fl_nn_dsp_epi_t e, window_t *wd, fl_nn_hw_t stride, fl_nn_hw_t pad,
                         const fl_nn_dims_t *out_dims, const int32_t *bias, int8_t *out)
{
    const int32_t OW = out_dims->w, OC = out_dims->c;
    int32_t oy, ox, o;
    for (oy = 0; oy < out_dims->h; oy++) {
        wd->y0 = (int64_t)oy * stride.h - pad.h;
        fl_nn_dsp_tap_range(wd->y0, wd->KH, wd->H, &wd->ky_lo, &wd->ky_hi);
        for (ox = 0; ox < OW;) {
            int64_t x0 = (int64_t)ox * stride.w - pad.w;
            int32_t lo1, hi1;
            int two_px = 0;
            int8_t *dst = out + ((size_t)oy * (size_t)OW + (size_t)ox) * (size_t)OC;
            fl_nn_dsp_tap_range(x0, wd->KW, wd->W, &wd->kx_lo, &wd->kx_hi);
            if (ox + 1 < OW) {
                fl_nn_dsp_tap_range(x0 + stride.w, wd->KW, wd->W, &lo1, &hi1);
                two_px = lo1 == wd->kx_lo && hi1 == wd->kx_hi;
            }
            for (o = e.first; o < e.end; o += 2) {
                int two_ch = o + 1 < e.end;
                uint32_t acc[4];
                acc[0] = bias != NULL ? (uint32_t)bias[o] : 0u;
                acc[2] = acc[0];
                acc[1] = two_ch && bias != NULL ? (uint32_t)bias[o + 1] : 0u;
                acc[3] = acc[1];
                accumulate(wd, x0, (size_t)stride.w * (size_t)wd->C, o, two_ch, two_px, acc);
                dst[o] = fl_nn_dsp_epi(acc[0], e, o);
                if (two_ch) {
                    dst[o + 1] = fl_nn_dsp_epi(acc[1], e, o + 1);
                }
                if (two_px) {
                    dst[OC + o] = fl_nn_dsp_epi(acc[2], e, o);
                    if (two_ch) {
                        dst[OC + o + 1] = fl_nn_dsp_epi(acc[3], e, o + 1);
                    }
                }
            }
            ox += two_px ? 2 : 1;
        }
    }
}

fl_status_t fl_nn_conv_s8(const fl_nn_ctx_t *ctx, const fl_nn_conv_s8_params_t *p,
                          const fl_nn_per_channel_quant_t *q, const fl_nn_dims_t *in_dims, const int8_t *in,
                          const fl_nn_dims_t *filter_dims, const int8_t *filter, const int32_t *bias,
                          const fl_nn_dims_t *out_dims, int8_t *out)
{
    int32_t ob, OW, OC;
    int pointwise;
    uint8_t *cols = NULL; /* any alignment: the columns are accessed through memcpy */
    window_t wd;
    fl_nn_dsp_epi_t e;
    fl_nn_dsp_rq_t rq[FL_NN_DSP_RQ_BLOCK];
    if (p == NULL || q == NULL || q->multiplier == NULL || q->shift == NULL || in == NULL || filter == NULL ||
        out == NULL || !fl_nn_conv_shape_ok(in_dims, filter_dims, out_dims, p->stride, p->pad) ||
        !fl_nn_act_ok(&p->act) || !fl_nn_s8_offsets_ok(p->input_offset, p->output_offset)) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_conv_s8_scratch_size(in_dims, filter_dims)));
    e.rq = rq;
    e.out_offset = p->output_offset;
    e.act_min = p->act.min;
    e.act_max = p->act.max;
    pointwise = is_pointwise(p, in_dims, filter_dims, out_dims);
    wd.in = in;
    wd.filter = filter;
    wd.offset = p->input_offset;
    wd.H = in_dims->h;
    wd.W = in_dims->w;
    wd.C = in_dims->c;
    wd.KH = filter_dims->h;
    wd.KW = filter_dims->w;
    OW = out_dims->w;
    OC = out_dims->c;
    if (!pointwise && fl_nn_conv_s8_cols_bytes(in_dims, filter_dims) != 0u) {
        cols = (uint8_t *)ctx->buf;
    }
    for (ob = 0; ob < OC; ob += FL_NN_DSP_RQ_BLOCK) {
        int32_t n = OC - ob < FL_NN_DSP_RQ_BLOCK ? OC - ob : FL_NN_DSP_RQ_BLOCK;
        e.mode = fl_nn_dsp_epi_mode(fl_nn_dsp_rq_block(rq, q, ob, n, p->output_offset), e.act_min, e.act_max);
        e.first = ob;
        e.end = ob + n;
        if (pointwise) {
            conv_pointwise(e, p->input_offset, in, in_dims->c, filter, bias, out_dims->h * OW, OC, out);
        } else if (cols != NULL) {
            conv_im2col(e, &wd, p->stride, p->pad, out_dims->h, OW, OC, bias, cols, out);
        } else {
            conv_windows(e, &wd, p->stride, p->pad, out_dims, bias, out);
        }
    }
    return FL_OK;
}
