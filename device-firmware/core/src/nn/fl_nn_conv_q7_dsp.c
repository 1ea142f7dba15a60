/* SPDX-License-Identifier: MIT */
/* Convolution, legacy q7 scheme: ARMv7E-M DSP variant of fl_nn_conv_q7.c (same symbol, same contract, same
 * output bits; CMake compiles one of the two, see nn.cmake FL_NN_DSP).
 *
 * For a given output pixel and filter row ky, the in-bound taps kx_lo..kx_hi-1 are one contiguous run of
 * (kx_hi - kx_lo) * C_in bytes in the HWC input, and the matching weights are one contiguous run of the same
 * length in the OHWI filter. So the padding is resolved once per (pixel, ky) instead of per tap, and each
 * run is a plain dot product for the SXTB16/SMLAD loops of fl_nn_dsp_support.h. Two horizontally adjacent
 * pixels whose windows are clipped the same way (all interior ones) share the weight loads, and two output
 * channels share the input loads (2x2 blocking: 16 MACs per 4 loads, 8 widenings, 8 SMLADs). */
#include "fl_nn_dsp_support.h"

size_t fl_nn_conv_q7_scratch_size(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *filter_dims)
{
    (void)in_dims;
    (void)filter_dims;
    return 0u; /* operands are widened in registers, not in an im2col buffer */
}

typedef struct {
    const int8_t *in;
    const int8_t *filter;
    int32_t W, C, KH, KW;
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

fl_status_t fl_nn_conv_q7(const fl_nn_ctx_t *ctx, const fl_nn_conv_q7_params_t *p, const fl_nn_dims_t *in_dims,
                          const int8_t *in, const fl_nn_dims_t *filter_dims, const int8_t *filter,
                          const int8_t *bias, const fl_nn_dims_t *out_dims, int8_t *out)
{
    int32_t oy, ox, o, OW, OC;
    window_t wd;
    if (p == NULL || in == NULL || filter == NULL || out == NULL ||
        !fl_nn_conv_shape_ok(in_dims, filter_dims, out_dims, p->stride, p->pad) || !fl_nn_q7_shift_ok(&p->shift)) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_conv_q7_scratch_size(in_dims, filter_dims)));
    wd.in = in;
    wd.filter = filter;
    wd.W = in_dims->w;
    wd.C = in_dims->c;
    wd.KH = filter_dims->h;
    wd.KW = filter_dims->w;
    OW = out_dims->w;
    OC = out_dims->c;
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
