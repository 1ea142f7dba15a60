/* SPDX-License-Identifier: MIT */
/* Convolution, legacy q7 scheme. Portable C; the result equals arm_convolve_HWC_q7_{basic,fast,RGB} and the
 * *_nonsquare variants (all three give identical output; the camera chose among them by shape only). */
#include "fl_nn_support.h"

size_t fl_nn_conv_q7_scratch_size(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *filter_dims)
{
    /* this variant does not use it; reported so both variants accept the same calls */
    return fl_nn_conv_q7_cols_bytes(in_dims, filter_dims);
}

fl_status_t fl_nn_conv_q7(const fl_nn_ctx_t *ctx, const fl_nn_conv_q7_params_t *p, const fl_nn_dims_t *in_dims,
                          const int8_t *in, const fl_nn_dims_t *filter_dims, const int8_t *filter,
                          const int8_t *bias, const fl_nn_dims_t *out_dims, int8_t *out)
{
    int32_t oy, ox, o, ky, kx, ci;
    int32_t H, W, C, KH, KW, OC;
    if (p == NULL || in == NULL || filter == NULL || out == NULL ||
        !fl_nn_conv_shape_ok(in_dims, filter_dims, out_dims, p->stride, p->pad) || !fl_nn_q7_shift_ok(&p->shift)) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_conv_q7_scratch_size(in_dims, filter_dims)));
    H = in_dims->h;
    W = in_dims->w;
    C = in_dims->c;
    KH = filter_dims->h;
    KW = filter_dims->w;
    OC = out_dims->c;
    for (oy = 0; oy < out_dims->h; oy++) {
        int64_t y0 = (int64_t)oy * p->stride.h - p->pad.h;
        for (ox = 0; ox < out_dims->w; ox++) {
            int64_t x0 = (int64_t)ox * p->stride.w - p->pad.w;
            int8_t *dst = out + ((size_t)oy * (size_t)out_dims->w + (size_t)ox) * (size_t)OC;
            for (o = 0; o < OC; o++) {
                uint32_t acc = fl_nn_q7_acc_init(bias != NULL ? bias[o] : 0, &p->shift);
                for (ky = 0; ky < KH; ky++) {
                    int64_t iy = y0 + ky;
                    if (iy < 0 || iy >= H) {
                        continue; /* zero padding */
                    }
                    for (kx = 0; kx < KW; kx++) {
                        int64_t ix = x0 + kx;
                        const int8_t *src;
                        const int8_t *wt;
                        if (ix < 0 || ix >= W) {
                            continue;
                        }
                        src = in + ((size_t)iy * (size_t)W + (size_t)ix) * (size_t)C;
                        wt = filter + (((size_t)o * (size_t)KH + (size_t)ky) * (size_t)KW + (size_t)kx) * (size_t)C;
                        for (ci = 0; ci < C; ci++) {
                            acc += (uint32_t)((int32_t)wt[ci] * (int32_t)src[ci]);
                        }
                    }
                }
                dst[o] = fl_nn_q7_out(acc, &p->shift);
            }
        }
    }
    return FL_OK;
}
