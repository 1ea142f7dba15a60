/* SPDX-License-Identifier: MIT */
/* Convolution, legacy q7 scheme: ARMv7E-M DSP variant of fl_nn_conv_q7.c (same symbol, same contract, same
 * output bits; CMake compiles one of the two, see nn.cmake FL_NN_DSP).
 *
 * For a given output pixel and filter row ky, the in-bound taps kx_lo..kx_hi-1 are one contiguous run of
 * (kx_hi - kx_lo) * C_in bytes in the HWC input, and the matching weights are one contiguous run of the same
 * length in the OHWI filter. So the padding is resolved once per (pixel, ky) instead of per tap, and each
 * run is a plain dot product for the SXTB16/SMLAD loops of fl_nn_dsp_support.h. Two horizontally adjacent
 * pixels whose windows are clipped the same way (all interior ones) share the weight loads, and two output
 * channels share the input loads (2x2 blocking: 16 MACs per 4 loads, 8 widenings, 8 SMLADs).
 *
 * Two paths take the caller's scratch (two int16 im2col columns, fl_nn_conv_q7_cols_bytes) instead:
 * C_in % 4 == 0 (legacy arm_convolve_HWC_q7_fast's case: every hidden layer of the seed nets) the column-pair
 * path (conv_colpairs, fl_nn_dsp_colpair.h), and other short filter rows (KW * C_in < 16, e.g. RGB input:
 * legacy arm_convolve_HWC_q7_RGB's case) the im2col path with K % 4 tails (conv_im2col). The windowed path
 * above is left to the remaining shapes (C_in % 4 != 0 with rows of 16 bytes or more). */
#include "fl_nn_dsp_colpair.h"
#include "fl_nn_dsp_support.h"

size_t fl_nn_conv_q7_scratch_size(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *filter_dims)
{
    return fl_nn_conv_q7_cols_bytes(in_dims, filter_dims); /* 0 unless C_in % 4 == 0 or the filter rows are short */
}

typedef struct {
    const int8_t *in;
    const int8_t *filter;
    int32_t H, W, C, KH, KW;
    int32_t ky_lo, ky_hi, kx_lo, kx_hi;
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
            fl_nn_dsp_dot_2x2(xr, xr + step, w0, w0 + (size_t)wd->KH * krow, len, 0, acc);
        } else if (two_ch) {
            fl_nn_dsp_dot_1x2(xr, w0, w0 + (size_t)wd->KH * krow, len, 0, acc);
        } else {
            acc[0] = fl_nn_dsp_dot_1x1(xr, w0, len, 0, acc[0]);
            if (two_px) {
                acc[2] = fl_nn_dsp_dot_1x1(xr + step, w0, len, 0, acc[2]);
            }
        }
    }
}

/* ---- im2col path (KW * C_in < 16) -------------------------------------------------------------------- */
/* Each output pixel's window becomes one int16 column of K = KH * KW * C_in values (0 for padded taps), so the
 * dot product is one loop over all K taps instead of KH runs of a few bytes. Every full group of 4 taps is
 * stored in the lane order SXTB16 / SXTB16 ROR #8 give the weights ((t0, t2), (t1, t3)), so the weights are
 * never repacked: per group, 2 pixels x 2 channels cost 2 weight loads, 4 widenings, 4 column loads and 8
 * SMLADs (16 MACs). The last K % 4 taps are stored as (t0, t2, t1) / (t0, t1) / (t0) and finished with one
 * SMLAD and SMLABBs on the same widened weight word. Column 1 follows column 0, 2 * K bytes each: the format's
 * conv scratch budget exactly; any alignment (memcpy loads). */

static inline void put16(uint8_t *col, int32_t j, int32_t v)
{
    int16_t h = (int16_t)v; /* -128..127 */
    memcpy(col + 2 * (size_t)j, &h, sizeof h);
}

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

/* Element k as the bottom lane of a word (the top lane is not used). */
static inline uint32_t load_one(const uint8_t *col, int32_t k)
{
    return (uint32_t)get16(col, k);
}

static void fill_column(uint8_t *col, const window_t *wd, int64_t y0, int64_t x0, int32_t K)
{
    int32_t ky_lo, ky_hi, kx_lo, kx_hi, ky, i, j = 0;
    const int32_t C = wd->C;
    const int32_t row = wd->KW * C;
    const int32_t K4 = K & ~3;
    fl_nn_dsp_tap_range(y0, wd->KH, wd->H, &ky_lo, &ky_hi);
    fl_nn_dsp_tap_range(x0, wd->KW, wd->W, &kx_lo, &kx_hi);
    for (ky = 0; ky < wd->KH; ky++) {
        if (ky < ky_lo || ky >= ky_hi || kx_lo == kx_hi) {
            for (i = 0; i < row; i++) {
                put16(col, j++, 0);
            }
        } else {
            /* the in-bound taps of this filter row are one contiguous run of the HWC input */
            const int8_t *src = wd->in + ((size_t)(y0 + ky) * (size_t)wd->W + (size_t)(x0 + kx_lo)) * (size_t)C;
            const int32_t run = (kx_hi - kx_lo) * C;
            for (i = 0; i < kx_lo * C; i++) {
                put16(col, j++, 0);
            }
            for (i = 0; i < run; i++) {
                put16(col, j++, src[i]);
            }
            for (i = kx_hi * C; i < row; i++) {
                put16(col, j++, 0);
            }
        }
    }
    /* reorder each full group t0 t1 t2 t3 into t0 t2 t1 t3, and a 3-tap tail into t0 t2 t1 */
    for (i = 0; i < K4; i += 4) {
        uint32_t a = load_pair(col, i), b = load_pair(col, i + 2);
        uint32_t lo = (a & 0xFFFFu) | (b << 16);
        uint32_t hi = (a >> 16) | (b & 0xFFFF0000u);
        memcpy(col + 2 * (size_t)i, &lo, sizeof lo);
        memcpy(col + 2 * (size_t)i + 4, &hi, sizeof hi);
    }
    if (K - K4 == 3) {
        int32_t t1 = get16(col, K4 + 1);
        put16(col, K4 + 1, get16(col, K4 + 2));
        put16(col, K4 + 2, t1);
    }
}

/* The last K % 4 weights of a row as one word; the bytes above them are never used (only the lanes the tail
 * needs are multiplied), so when the row is not the filter's last the plain 4-byte load reads them from the
 * next row; the filter's last row is assembled byte by byte so nothing past the tensor is read. */
FL_NN_DSP_INLINE uint32_t load_tail(const int8_t *w, int32_t t, int safe)
{
    uint32_t v;
    if (safe) {
        return fl_dsp_load4(w);
    }
    v = (uint8_t)w[0];
    if (t > 1) {
        v |= (uint32_t)(uint8_t)w[1] << 8;
    }
    if (t > 2) {
        v |= (uint32_t)(uint8_t)w[2] << 16;
    }
    return v;
}

/* acc += the tail of one column against one widened tail weight word (we = (w0, w2), wo = (w1, -)). */
FL_NN_DSP_INLINE uint32_t tail_mac(const uint8_t *c, int32_t K4, int32_t t, uint32_t we, uint32_t wo, uint32_t acc)
{
    if (t == 3) {
        acc = fl_dsp_smlad(we, load_pair(c, K4), acc);
        return fl_dsp_smlabb(wo, load_one(c, K4 + 2), acc);
    }
    acc = fl_dsp_smlabb(we, load_one(c, K4), acc);
    if (t == 2) {
        acc = fl_dsp_smlabb(wo, load_one(c, K4 + 1), acc);
    }
    return acc;
}

/* acc = {c0 w0, c0 w1, c1 w0, c1 w1} += over K = K4 + t taps (t = K % 4, a constant in each instantiation).
 * safe: the 4-byte tail loads of both rows stay inside the filter. */
FL_NN_DSP_INLINE void dot_cols_2x2(const uint8_t *c0, const uint8_t *c1, const int8_t *w0, const int8_t *w1,
                                   int32_t K4, int32_t t, int safe, uint32_t acc[4])
{
    uint32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
    const uint8_t *p0 = c0, *p1 = c1;
    const int8_t *u0 = w0, *u1 = w1;
    const int8_t *const u0_end = w0 + K4;
    while (u0 != u0_end) {
        uint32_t u = fl_dsp_load4(u0);
        uint32_t x0 = load_pair(p0, 0), x1 = load_pair(p1, 0);
        uint32_t e = fl_dsp_sxtb16(u);
        a00 = fl_dsp_smlad(e, x0, a00);
        a10 = fl_dsp_smlad(e, x1, a10);
        e = fl_dsp_sxtb16_ror8(u);
        u = fl_dsp_load4(u1);
        {
            uint32_t y0 = load_pair(p0, 2), y1 = load_pair(p1, 2);
            a00 = fl_dsp_smlad(e, y0, a00);
            a10 = fl_dsp_smlad(e, y1, a10);
            e = fl_dsp_sxtb16(u);
            a01 = fl_dsp_smlad(e, x0, a01);
            a11 = fl_dsp_smlad(e, x1, a11);
            e = fl_dsp_sxtb16_ror8(u);
            a01 = fl_dsp_smlad(e, y0, a01);
            a11 = fl_dsp_smlad(e, y1, a11);
        }
        u0 += 4;
        u1 += 4;
        p0 += 8;
        p1 += 8;
    }
    if (t != 0) {
        uint32_t u = load_tail(w0 + K4, t, safe);
        uint32_t we = fl_dsp_sxtb16(u), wo = fl_dsp_sxtb16_ror8(u);
        a00 = tail_mac(c0, K4, t, we, wo, a00);
        a10 = tail_mac(c1, K4, t, we, wo, a10);
        u = load_tail(w1 + K4, t, safe);
        we = fl_dsp_sxtb16(u);
        wo = fl_dsp_sxtb16_ror8(u);
        a01 = tail_mac(c0, K4, t, we, wo, a01);
        a11 = tail_mac(c1, K4, t, we, wo, a11);
    }
    acc[0] = a00;
    acc[1] = a01;
    acc[2] = a10;
    acc[3] = a11;
}

static inline int8_t q7_out(uint32_t acc, uint32_t rshift)
{
    return (int8_t)fl_dsp_ssat8(fl_nn_u2s(acc) >> rshift);
}

/* Output channels whose accumulator start values (bias << l, plus the rounding term) are computed at a time. */
#define Q7_BLOCK 32

/* What every block of one im2col call shares. */
typedef struct {
    const int8_t *filter;
    uint32_t rshift;
    int32_t K, OC;
    int32_t first, end;          /* the channel block [first, end) */
    uint32_t start[Q7_BLOCK];    /* accumulator start values of channels first..end-1 */
} cols_call_t;

/* Channels [first, end) of one pixel pair, two channels per block. For a lone last pixel the caller passes
 * c1 == c0 and d1 == d0: the second pixel's sums then equal the first's and rewrite the same bytes. The filter's
 * last two rows load their tail weights byte by byte (safe = 0); a lone last channel runs against a duplicate
 * row whose results are dropped. */
FL_NN_DSP_INLINE void channels(const cols_call_t *cc, int32_t t, const uint8_t *c0, const uint8_t *c1, int8_t *d0,
                               int8_t *d1)
{
    const int32_t K = cc->K, K4 = K - t, OC = cc->OC, end = cc->end;
    const uint32_t rshift = cc->rshift;
    const uint32_t *start = cc->start - cc->first;
    const int8_t *w = cc->filter + (size_t)cc->first * (size_t)K;
    int32_t o = cc->first;
    for (; o + 2 <= end && o + 2 < OC; o += 2, w += 2 * (size_t)K) {
        uint32_t acc[4];
        acc[0] = start[o];
        acc[1] = start[o + 1];
        acc[2] = acc[0];
        acc[3] = acc[1];
        dot_cols_2x2(c0, c1, w, w + K, K4, t, 1, acc);
        d0[o] = q7_out(acc[0], rshift);
        d0[o + 1] = q7_out(acc[1], rshift);
        d1[o] = q7_out(acc[2], rshift);
        d1[o + 1] = q7_out(acc[3], rshift);
    }
    if (o < end) {
        const int two_ch = o + 1 < end;
        uint32_t acc[4];
        acc[0] = start[o];
        acc[1] = two_ch ? start[o + 1] : acc[0];
        acc[2] = acc[0];
        acc[3] = acc[1];
        dot_cols_2x2(c0, c1, w, two_ch ? w + K : w, K4, t, o + 2 < OC, acc);
        d0[o] = q7_out(acc[0], rshift);
        d1[o] = q7_out(acc[2], rshift);
        if (two_ch) {
            d0[o + 1] = q7_out(acc[1], rshift);
            d1[o + 1] = q7_out(acc[3], rshift);
        }
    }
}

static void conv_im2col(const fl_nn_conv_q7_params_t *p, const window_t *wd, int32_t OH, int32_t OW, int32_t OC,
                        const int8_t *bias, uint8_t *cols, int8_t *out)
{
    const int32_t K = wd->KH * wd->KW * wd->C;
    uint8_t *c0 = cols;
    uint8_t *c1 = cols + 2 * (size_t)K;
    int32_t oy, ox, o;
    cols_call_t cc;
    cc.filter = wd->filter;
    cc.rshift = p->shift.out_rshift;
    cc.K = K;
    cc.OC = OC;
    for (cc.first = 0; cc.first < OC; cc.first += Q7_BLOCK) {
        cc.end = OC - cc.first < Q7_BLOCK ? OC : cc.first + Q7_BLOCK;
        for (o = cc.first; o < cc.end; o++) {
            cc.start[o - cc.first] = fl_nn_q7_acc_init(bias != NULL ? bias[o] : 0, &p->shift);
        }
        for (oy = 0; oy < OH; oy++) {
            const int64_t y0 = (int64_t)oy * p->stride.h - p->pad.h;
            for (ox = 0; ox < OW; ox += 2) {
                const int64_t x0 = (int64_t)ox * p->stride.w - p->pad.w;
                const int two_px = ox + 1 < OW;
                int8_t *d0 = out + ((size_t)oy * (size_t)OW + (size_t)ox) * (size_t)OC;
                int8_t *d1 = two_px ? d0 + OC : d0;
                const uint8_t *x1 = two_px ? c1 : c0;
                fill_column(c0, wd, y0, x0, K);
                if (two_px) {
                    fill_column(c1, wd, y0, x0 + p->stride.w, K);
                }
                /* one specialised copy of the channel loop per tail length */
                switch (K & 3) {
                case 0: channels(&cc, 0, c0, x1, d0, d1); break;
                case 1: channels(&cc, 1, c0, x1, d0, d1); break;
                case 2: channels(&cc, 2, c0, x1, d0, d1); break;
                default: channels(&cc, 3, c0, x1, d0, d1); break;
                }
            }
        }
    }
}

/* ---- column-pair path (C_in % 4 == 0) ----------------------------------------------------------------- */
/* Two horizontally adjacent output pixels become one interleaved q15 column pair (fl_nn_dsp_colpair.h) that
 * every pair of output channels then reads: the input is widened once per pixel instead of once per output
 * channel pair, as legacy arm_convolve_HWC_q7_fast does. Only the filter rows inside the image are gathered
 * (the two pixels share their output row, so they share that range, and those rows are contiguous in the OHWI
 * filter), so vertically padded taps cost nothing; horizontally padded taps are stored as zeros. */

/* One pixel's in-bound filter rows ky_lo..ky_hi-1 into one column of the pair (col: the pair's start, + 4 for
 * the second pixel). */
static void fill_pair_column(uint8_t *col, const window_t *wd, int64_t y0, int64_t x0, int32_t ky_lo,
                             int32_t ky_hi)
{
    const int32_t C4 = wd->C / 4;
    int32_t kx_lo, kx_hi, ky;
    fl_nn_dsp_tap_range(x0, wd->KW, wd->W, &kx_lo, &kx_hi);
    for (ky = ky_lo; ky < ky_hi; ky++) {
        if (kx_lo == kx_hi) {
            col = fl_nn_colpair_zero(col, wd->KW * C4); /* the window misses the input horizontally */
        } else {
            const int8_t *src = wd->in + ((size_t)(y0 + ky) * (size_t)wd->W + (size_t)(x0 + kx_lo)) * (size_t)wd->C;
            col = fl_nn_colpair_zero(col, kx_lo * C4);
            col = fl_nn_colpair_put(col, src, (kx_hi - kx_lo) * C4);
            col = fl_nn_colpair_zero(col, (wd->KW - kx_hi) * C4);
        }
    }
}

/* Out of line: inlined, it changed GCC's register allocation of the im2col path's loops (+0.5 % there). */
static FL_NN_NOINLINE void conv_colpairs(const fl_nn_conv_q7_params_t *p, const window_t *wd, int32_t OH,
                                         int32_t OW, int32_t OC, const int8_t *bias, uint8_t *cols, int8_t *out)
{
    const size_t krow = (size_t)wd->KW * (size_t)wd->C;
    const size_t K = (size_t)wd->KH * krow;
    const int32_t row_groups = wd->KW * (wd->C / 4);
    const uint32_t lshift = p->shift.bias_lshift;
    const uint32_t rshift = p->shift.out_rshift;
    const uint32_t rnd = fl_nn_q7_acc_init(0, &p->shift); /* the rounding term (0 when truncating) */
    int32_t oy, ox, o;
    for (oy = 0; oy < OH; oy++) {
        const int64_t y0 = (int64_t)oy * p->stride.h - p->pad.h;
        int32_t ky_lo, ky_hi, n;
        const int8_t *w_first;
        fl_nn_dsp_tap_range(y0, wd->KH, wd->H, &ky_lo, &ky_hi);
        n = (ky_hi - ky_lo) * row_groups;
        w_first = wd->filter + (size_t)ky_lo * krow;
        for (ox = 0; ox < OW; ox += 2) {
            const int64_t x0 = (int64_t)ox * p->stride.w - p->pad.w;
            const int two_px = ox + 1 < OW;
            int8_t *d0 = out + ((size_t)oy * (size_t)OW + (size_t)ox) * (size_t)OC;
            int8_t *d1 = two_px ? d0 + OC : d0; /* a lone last pixel fills both columns and writes twice */
            const int8_t *w = w_first;
            fill_pair_column(cols, wd, y0, x0, ky_lo, ky_hi);
            fill_pair_column(cols + 4, wd, y0, two_px ? x0 + p->stride.w : x0, ky_lo, ky_hi);
            for (o = 0; o < OC; o += 2, w += 2 * K) {
                const int two_ch = o + 1 < OC;
                uint32_t acc[4];
                acc[0] = ((uint32_t)(int32_t)(bias != NULL ? bias[o] : 0) << lshift) + rnd;
                acc[1] = two_ch ? ((uint32_t)(int32_t)(bias != NULL ? bias[o + 1] : 0) << lshift) + rnd : acc[0];
                acc[2] = acc[0];
                acc[3] = acc[1];
                /* a lone last channel runs against its own row twice and drops the copy */
                fl_nn_colpair_dot_2x2(cols, w, two_ch ? w + K : w, n, acc);
                d0[o] = q7_out(acc[0], rshift);
                d1[o] = q7_out(acc[2], rshift);
                if (two_ch) {
                    d0[o + 1] = q7_out(acc[1], rshift);
                    d1[o + 1] = q7_out(acc[3], rshift);
                }
            }
        }
    }
}

fl_status_t fl_nn_conv_q7(const fl_nn_ctx_t *ctx, const fl_nn_conv_q7_params_t *p, const fl_nn_dims_t *in_dims,
                          const int8_t *in, const fl_nn_dims_t *filter_dims, const int8_t *filter,
                          const int8_t *bias, const fl_nn_dims_t *out_dims, int8_t *out)
{
    int32_t oy, ox, o, OW, OC;
    size_t cols_bytes;
    window_t wd;
    if (p == NULL || in == NULL || filter == NULL || out == NULL ||
        !fl_nn_conv_shape_ok(in_dims, filter_dims, out_dims, p->stride, p->pad) || !fl_nn_q7_shift_ok(&p->shift)) {
        return FL_ERR_ARG;
    }
    cols_bytes = fl_nn_conv_q7_cols_bytes(in_dims, filter_dims);
    FL_TRY(fl_nn_ctx_check(ctx, cols_bytes));
    wd.in = in;
    wd.filter = filter;
    wd.H = in_dims->h;
    wd.W = in_dims->w;
    wd.C = in_dims->c;
    wd.KH = filter_dims->h;
    wd.KW = filter_dims->w;
    OW = out_dims->w;
    OC = out_dims->c;
    if (cols_bytes != 0u && wd.C % 4 == 0) {
        conv_colpairs(p, &wd, out_dims->h, OW, OC, bias, (uint8_t *)ctx->buf, out);
        return FL_OK;
    }
    if (cols_bytes != 0u) {
        conv_im2col(p, &wd, out_dims->h, OW, OC, bias, (uint8_t *)ctx->buf, out);
        return FL_OK;
    }
    for (oy = 0; oy < out_dims->h; oy++) {
        wd.y0 = (int64_t)oy * p->stride.h - p->pad.h;
        fl_nn_dsp_tap_range(wd.y0, wd.KH, in_dims->h, &wd.ky_lo, &wd.ky_hi);
        for (ox = 0; ox < OW;) {
            int64_t x0 = (int64_t)ox * p->stride.w - p->pad.w;
            int32_t lo1, hi1;
            int two_px = 0;
            int8_t *dst = out + ((size_t)oy * (size_t)OW + (size_t)ox) * (size_t)OC;
            fl_nn_dsp_tap_range(x0, wd.KW, wd.W, &wd.kx_lo, &wd.kx_hi);
            if (ox + 1 < OW) {
                fl_nn_dsp_tap_range(x0 + p->stride.w, wd.KW, wd.W, &lo1, &hi1);
                two_px = lo1 == wd.kx_lo && hi1 == wd.kx_hi;
            }
            for (o = 0; o < OC; o += 2) {
                int two_ch = o + 1 < OC;
                uint32_t acc[4];
                acc[0] = fl_nn_q7_acc_init(bias != NULL ? bias[o] : 0, &p->shift);
                acc[2] = acc[0];
                acc[1] = two_ch ? fl_nn_q7_acc_init(bias != NULL ? bias[o + 1] : 0, &p->shift) : 0u;
                acc[3] = acc[1];
                accumulate(&wd, x0, (size_t)p->stride.w * (size_t)wd.C, o, two_ch, two_px, acc);
                dst[o] = fl_nn_q7_out(acc[0], &p->shift);
                if (two_ch) {
                    dst[o + 1] = fl_nn_q7_out(acc[1], &p->shift);
                }
                if (two_px) {
                    dst[OC + o] = fl_nn_q7_out(acc[2], &p->shift);
                    if (two_ch) {
                        dst[OC + o + 1] = fl_nn_q7_out(acc[3], &p->shift);
                    }
                }
            }
            ox += two_px ? 2 : 1;
        }
    }
    return FL_OK;
}
