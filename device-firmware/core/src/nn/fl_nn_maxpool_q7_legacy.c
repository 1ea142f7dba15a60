/* SPDX-License-Identifier: MIT */
/* Max pooling, bit-exact with legacy CMSIS-NN arm_maxpool_q7_HWC built with ARM_MATH_DSP (OpenMV firmware 3.0,
 * openmv-nn-and-haar.md §3.5), generalised to non-square shapes axis by axis.
 *
 * The quirks reproduced on purpose (this kernel exists to match the camera, not to be right):
 *  - separable: an in-place x pass over `in`, then a y pass from `in` into `out`;
 *  - x pass, window start < 0: the window starts at the output position itself, not at 0;
 *  - windows are clipped at the input end (Caffe's ceil-mode last window);
 *  - compare_and_replace_if_larger_q7 handles only floor(len/4)*4 bytes (len is a uint16_t): the remaining
 *    bytes keep the value of the window's first element. */
#include <string.h>

#include "fl_nn_support.h"

static void compare_and_replace_if_larger(int8_t *base, const int8_t *target, uint16_t length)
{
    uint32_t i;
    uint32_t n = (uint32_t)(length >> 2) * 4u;
    for (i = 0; i < n; i++) {
        if (target[i] > base[i]) {
            base[i] = target[i];
        }
    }
}

/* Validation shared with the average variant; see the header for the preconditions. */
static int legacy_ok(const fl_nn_pool_params_t *p, const fl_nn_dims_t *in_dims, const fl_nn_dims_t *out_dims)
{
    return fl_nn_pool_ok(p, in_dims, out_dims) && out_dims->h <= in_dims->h && out_dims->w <= in_dims->w;
}

fl_status_t fl_nn_maxpool_q7_legacy(const fl_nn_pool_params_t *p, const fl_nn_dims_t *in_dims, int8_t *in,
                                    const fl_nn_dims_t *out_dims, int8_t *out)
{
    int32_t iy, ix, oy;
    size_t C, W, H, OW, row;
    if (in == NULL || out == NULL || !legacy_ok(p, in_dims, out_dims)) {
        return FL_ERR_ARG;
    }
    C = (size_t)in_dims->c;
    W = (size_t)in_dims->w;
    H = (size_t)in_dims->h;
    OW = (size_t)out_dims->w;
    row = W * C;

    for (iy = 0; iy < in_dims->h; iy++) {
        size_t rbase = (size_t)iy * row;
        for (ix = 0; ix < out_dims->w; ix++) {
            int64_t ws = (int64_t)ix * p->stride.w - p->pad.w;
            size_t target = rbase + (size_t)ix * C;
            size_t start = ws < 0 ? target : rbase + (size_t)ws * C;
            size_t stop = ws + p->window.w >= (int64_t)W ? rbase + row : rbase + (size_t)(ws + p->window.w) * C;
            memmove(in + target, in + start, C);
            for (start += C; start < stop; start += C) {
                compare_and_replace_if_larger(in + target, in + start, (uint16_t)C);
            }
        }
    }
    for (oy = 0; oy < out_dims->h; oy++) {
        int64_t ws = (int64_t)oy * p->stride.h - p->pad.h;
        int8_t *target = out + (size_t)oy * OW * C;
        size_t rs = ws < 0 ? 0u : (size_t)ws * row;
        size_t re = ws + p->window.h >= (int64_t)H ? H * row : (size_t)(ws + p->window.h) * row;
        memmove(target, in + rs, OW * C);
        for (rs += row; rs < re; rs += row) {
            compare_and_replace_if_larger(target, in + rs, (uint16_t)(OW * C));
        }
    }
    return FL_OK;
}
