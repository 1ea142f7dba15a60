/* SPDX-License-Identifier: MIT */
/* Average pooling, bit-exact with legacy CMSIS-NN arm_avepool_q7_HWC built with ARM_MATH_DSP (OpenMV firmware
 * 3.0, openmv-nn-and-haar.md §3.5), generalised to non-square shapes axis by axis.
 *
 * Separable: the x pass writes trunc(sum/count) of each row window back into `in` (in place), the y pass
 * averages those along y into `out`. The sums are int16: the first floor(len/4)*4 elements use saturating adds
 * (QADD16), the rest plain wrapping adds, exactly like accumulate_q7_to_q15. Not equal to a 2-D average. */
#include "fl_nn_support.h"

static int16_t sat16(int32_t v)
{
    return (int16_t)(v > 32767 ? 32767 : (v < -32768 ? -32768 : v));
}

static int16_t wrap16(int32_t v)
{
    uint32_t u = (uint32_t)v & 0xFFFFu;
    return (int16_t)(u >= 0x8000u ? (int32_t)u - 65536 : (int32_t)u);
}

static int8_t wrap8(int32_t v)
{
    uint32_t u = (uint32_t)v & 0xFFu;
    return (int8_t)(u >= 0x80u ? (int32_t)u - 256 : (int32_t)u);
}

static void accumulate(int16_t *base, const int8_t *target, uint16_t length)
{
    uint32_t i;
    uint32_t n4 = (uint32_t)(length >> 2) * 4u;
    for (i = 0; i < n4; i++) {
        base[i] = sat16((int32_t)base[i] + target[i]);
    }
    for (; i < length; i++) {
        base[i] = wrap16((int32_t)base[i] + target[i]);
    }
}

static void load(int16_t *buf, const int8_t *src, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        buf[i] = src[i];
    }
}

static void scale_back(const int16_t *buf, int8_t *dst, uint16_t length, uint16_t scale)
{
    uint32_t i;
    for (i = 0; i < length; i++) {
        dst[i] = wrap8((int32_t)buf[i] / (int32_t)scale);
    }
}

size_t fl_nn_avgpool_q7_legacy_scratch_size(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *out_dims)
{
    if (!fl_nn_dims_ok(in_dims) || !fl_nn_dims_ok(out_dims)) {
        return 0u;
    }
    return sizeof(int16_t) * (size_t)out_dims->w * (size_t)out_dims->c;
}

fl_status_t fl_nn_avgpool_q7_legacy(const fl_nn_ctx_t *ctx, const fl_nn_pool_params_t *p,
                                    const fl_nn_dims_t *in_dims, int8_t *in, const fl_nn_dims_t *out_dims,
                                    int8_t *out)
{
    int32_t iy, ix, oy;
    size_t C, W, H, OW, row;
    int16_t *buf;
    if (in == NULL || out == NULL || !fl_nn_pool_ok(p, in_dims, out_dims) || out_dims->h > in_dims->h ||
        out_dims->w > in_dims->w) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_avgpool_q7_legacy_scratch_size(in_dims, out_dims)));
    if (((uintptr_t)ctx->buf & 1u) != 0u) {
        return FL_ERR_ARG;
    }
    buf = (int16_t *)ctx->buf;
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
            int32_t count = 1; /* int16_t on the camera; same bits once cast to uint16_t */
            load(buf, in + start, C);
            for (start += C; start < stop; start += C) {
                accumulate(buf, in + start, (uint16_t)C);
                count++;
            }
            scale_back(buf, in + target, (uint16_t)C, (uint16_t)count);
        }
    }
    for (oy = 0; oy < out_dims->h; oy++) {
        int64_t ws = (int64_t)oy * p->stride.h - p->pad.h;
        size_t rs = ws < 0 ? 0u : (size_t)ws * row;
        size_t re = ws + p->window.h >= (int64_t)H ? H * row : (size_t)(ws + p->window.h) * row;
        int32_t count = 1; /* int16_t on the camera; same bits once cast to uint16_t */
        load(buf, in + rs, OW * C);
        for (rs += row; rs < re; rs += row) {
            accumulate(buf, in + rs, (uint16_t)(OW * C));
            count++;
        }
        scale_back(buf, out + (size_t)oy * OW * C, (uint16_t)(OW * C), (uint16_t)count);
    }
    return FL_OK;
}
