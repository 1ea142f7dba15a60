/* SPDX-License-Identifier: MIT */
/* Depthwise convolution, legacy q7 scheme, channel multiplier 1 (arm_depthwise_separable_conv_HWC_q7). */
#include "fl_nn_support.h"

fl_status_t fl_nn_dwconv_q7(const fl_nn_conv_q7_params_t *p, const fl_nn_dims_t *in_dims, const int8_t *in,
                            const fl_nn_dims_t *filter_dims, const int8_t *filter, const int8_t *bias,
                            const fl_nn_dims_t *out_dims, int8_t *out)
{
    int32_t oy, ox, c, ky, kx;
    int32_t H, W, C, KH, KW;
    if (p == NULL || in == NULL || filter == NULL || out == NULL || !fl_nn_dims_ok(in_dims) ||
        !fl_nn_filter_ok(filter_dims) || !fl_nn_dims_ok(out_dims) || !fl_nn_hw_ok(p->stride, 1) ||
        !fl_nn_hw_ok(p->pad, 0) || !fl_nn_q7_shift_ok(&p->shift) || filter_dims->n != 1 ||
        filter_dims->c != in_dims->c || out_dims->c != in_dims->c) {
        return FL_ERR_ARG;
    }
    H = in_dims->h;
    W = in_dims->w;
    C = in_dims->c;
    KH = filter_dims->h;
    KW = filter_dims->w;
    for (oy = 0; oy < out_dims->h; oy++) {
        int64_t y0 = (int64_t)oy * p->stride.h - p->pad.h;
        for (ox = 0; ox < out_dims->w; ox++) {
            int64_t x0 = (int64_t)ox * p->stride.w - p->pad.w;
            int8_t *dst = out + ((size_t)oy * (size_t)out_dims->w + (size_t)ox) * (size_t)C;
            for (c = 0; c < C; c++) {
                uint32_t acc = fl_nn_q7_acc_init(bias != NULL ? bias[c] : 0, &p->shift);
                for (ky = 0; ky < KH; ky++) {
                    int64_t iy = y0 + ky;
                    if (iy < 0 || iy >= H) {
                        continue;
                    }
                    for (kx = 0; kx < KW; kx++) {
                        int64_t ix = x0 + kx;
                        if (ix < 0 || ix >= W) {
                            continue;
                        }
                        acc += (uint32_t)((int32_t)in[((size_t)iy * (size_t)W + (size_t)ix) * (size_t)C + (size_t)c] *
                                          (int32_t)filter[((size_t)ky * (size_t)KW + (size_t)kx) * (size_t)C + (size_t)c]);
                    }
                }
                dst[c] = fl_nn_q7_out(acc, &p->shift);
            }
        }
    }
    return FL_OK;
}
