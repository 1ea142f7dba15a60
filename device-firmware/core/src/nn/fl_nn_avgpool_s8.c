/* SPDX-License-Identifier: MIT */
/* Average pooling, int8 (arm_avgpool_s8 / TFLM reference): sum over the in-bound taps, divided by their count
 * rounding half away from zero, clamped to the activation range. */
#include "fl_nn_support.h"

fl_status_t fl_nn_avgpool_s8(const fl_nn_pool_s8_params_t *p, const fl_nn_dims_t *in_dims, const int8_t *in,
                             const fl_nn_dims_t *out_dims, int8_t *out)
{
    fl_nn_pool_params_t g;
    int32_t oy, ox, c, y, x, y0, y1, x0, x1;
    int32_t W, C;
    if (p == NULL || !fl_nn_act_ok(&p->act)) {
        return FL_ERR_ARG;
    }
    g.window = p->window;
    g.stride = p->stride;
    g.pad = p->pad;
    if (in == NULL || out == NULL || !fl_nn_pool_ok(&g, in_dims, out_dims)) {
        return FL_ERR_ARG;
    }
    W = in_dims->w;
    C = in_dims->c;
    for (oy = 0; oy < out_dims->h; oy++) {
        (void)fl_nn_window(oy, p->stride.h, p->pad.h, p->window.h, in_dims->h, &y0, &y1);
        for (ox = 0; ox < out_dims->w; ox++) {
            int8_t *dst = out + ((size_t)oy * (size_t)out_dims->w + (size_t)ox) * (size_t)C;
            int64_t count;
            (void)fl_nn_window(ox, p->stride.w, p->pad.w, p->window.w, W, &x0, &x1);
            count = (int64_t)(y1 - y0) * (x1 - x0);
            for (c = 0; c < C; c++) {
                int64_t sum = 0;
                for (y = y0; y < y1; y++) {
                    for (x = x0; x < x1; x++) {
                        sum += in[((size_t)y * (size_t)W + (size_t)x) * (size_t)C + (size_t)c];
                    }
                }
                sum = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                dst[c] = (int8_t)fl_nn_clamp((int32_t)sum, p->act.min, p->act.max);
            }
        }
    }
    return FL_OK;
}
