/* SPDX-License-Identifier: MIT */
/* Max pooling, q7: true 2-D max over the clipped window (what Caffe's MAX computes). */
#include "fl_nn_support.h"

fl_status_t fl_nn_maxpool_q7(const fl_nn_pool_params_t *p, const fl_nn_dims_t *in_dims, const int8_t *in,
                             const fl_nn_dims_t *out_dims, int8_t *out)
{
    int32_t oy, ox, c, y, x, y0, y1, x0, x1;
    int32_t W, C;
    if (in == NULL || out == NULL || !fl_nn_pool_ok(p, in_dims, out_dims)) {
        return FL_ERR_ARG;
    }
    W = in_dims->w;
    C = in_dims->c;
    for (oy = 0; oy < out_dims->h; oy++) {
        (void)fl_nn_window(oy, p->stride.h, p->pad.h, p->window.h, in_dims->h, &y0, &y1);
        for (ox = 0; ox < out_dims->w; ox++) {
            int8_t *dst = out + ((size_t)oy * (size_t)out_dims->w + (size_t)ox) * (size_t)C;
            (void)fl_nn_window(ox, p->stride.w, p->pad.w, p->window.w, W, &x0, &x1);
            for (c = 0; c < C; c++) {
                int32_t m = -128;
                for (y = y0; y < y1; y++) {
                    for (x = x0; x < x1; x++) {
                        int32_t v = in[((size_t)y * (size_t)W + (size_t)x) * (size_t)C + (size_t)c];
                        m = v > m ? v : m;
                    }
                }
                dst[c] = (int8_t)m;
            }
        }
    }
    return FL_OK;
}
