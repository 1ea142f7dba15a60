/* SPDX-License-Identifier: MIT */
/* Depthwise convolution, int8 (arm_depthwise_conv_s8 semantics): ARMv7E-M DSP variant of fl_nn_dwconv_s8.c
 * (same symbol, contract and output bits; nn.cmake FL_NN_DSP picks one).
 *
 * Each channel has its own sum, so SMLAD (two products into one accumulator) does not fit across channels.
 * Instead, with ch_mult == 1, four channels go together, as in CMSIS-NN's arm_depthwise_conv_3x3_s8: per tap,
 * one 32-bit load of input channels c..c+3 and one of their weights; SXTAB16 / SXTAB16 ROR #8 widen the input
 * and add the offset, SXTB16 / SXTB16 ROR #8 widen the weights, and SMLABB / SMLATT multiply-accumulate the
 * bottom and top lanes (channels c, c+2 and c+1, c+3): 4 MACs per 2 loads, 4 widenings, 4 MACs. Padding is
 * resolved once per output pixel (clipped tap ranges), not per tap. Other channel multipliers and the
 * C % 4 leftover channels use scalar code with the same clipped ranges. Requantization uses
 * parameters prepared once per block of channels (fl_nn_dsp_rq_prepare / fl_nn_dsp_epi, bit-identical to the
 * portable fl_nn_requant()), and the 32-bit sums wrap in both variants, so the output bits are the same. */
#include "fl_nn_dsp_support.h"

size_t fl_nn_dwconv_s8_scratch_size(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *filter_dims)
{
    (void)in_dims;
    (void)filter_dims;
    return 0u;
}

/* One tap for four channels: acc c += w c * (x c + offset), c = 0..3. */
static inline void tap4(const int8_t *x, const int8_t *w, uint32_t off2, uint32_t *a0, uint32_t *a1,
                        uint32_t *a2, uint32_t *a3)
{
    uint32_t xv = fl_dsp_load4(x);
    uint32_t wv = fl_dsp_load4(w);
    uint32_t xe = fl_dsp_sxtab16(off2, xv);      /* (x0 + off, x2 + off) */
    uint32_t xo = fl_dsp_sxtab16_ror8(off2, xv); /* (x1 + off, x3 + off) */
    uint32_t we = fl_dsp_sxtb16(wv);
    uint32_t wo = fl_dsp_sxtb16_ror8(wv);
    *a0 = fl_dsp_smlabb(xe, we, *a0);
    *a2 = fl_dsp_smlatt(xe, we, *a2);
    *a1 = fl_dsp_smlabb(xo, wo, *a1);
    *a3 = fl_dsp_smlatt(xo, wo, *a3);
}

fl_status_t fl_nn_dwconv_s8(const fl_nn_ctx_t *ctx, const fl_nn_dwconv_s8_params_t *p,
                            const fl_nn_per_channel_quant_t *q, const fl_nn_dims_t *in_dims, const int8_t *in,
                            const fl_nn_dims_t *filter_dims, const int8_t *filter, const int32_t *bias,
                            const fl_nn_dims_t *out_dims, int8_t *out)
{
    int32_t oy, ox, o, ky, kx;
    int32_t W, C, KW, OC, ky_lo, ky_hi, kx_lo, kx_hi, nky, nkx;
    size_t x_row, w_row;
    uint32_t off2;
    int32_t ob, c4_end;
    fl_nn_dsp_epi_t e;
    fl_nn_dsp_rq_t rq[FL_NN_DSP_RQ_BLOCK];
    if (p == NULL || q == NULL || q->multiplier == NULL || q->shift == NULL || in == NULL || filter == NULL ||
        out == NULL || !fl_nn_dwconv_s8_args_ok(p, in_dims, filter_dims, out_dims)) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_dwconv_s8_scratch_size(in_dims, filter_dims)));
    W = in_dims->w;
    C = in_dims->c;
    KW = filter_dims->w;
    OC = out_dims->c;
    x_row = (size_t)W * (size_t)C;
    w_row = (size_t)KW * (size_t)OC;
    /* The four-channel path (c4_end below) needs output channel o to read input channel o. */
    off2 = fl_nn_dsp_dup16(p->input_offset);
    e.rq = rq;
    e.out_offset = p->output_offset;
    e.act_min = p->act.min;
    e.act_max = p->act.max;
    /* channel blocks of FL_NN_DSP_RQ_BLOCK (a multiple of 4) keep the four-channel groups aligned */
    for (ob = 0; ob < OC; ob += FL_NN_DSP_RQ_BLOCK) {
        int32_t n = OC - ob < FL_NN_DSP_RQ_BLOCK ? OC - ob : FL_NN_DSP_RQ_BLOCK;
        e.mode = fl_nn_dsp_epi_mode(fl_nn_dsp_rq_block(rq, q, ob, n, p->output_offset), e.act_min, e.act_max);
        e.first = ob;
        e.end = ob + n;
        c4_end = p->ch_mult == 1 ? ob + (n & ~3) : ob;
        for (oy = 0; oy < out_dims->h; oy++) {
            int64_t y0 = (int64_t)oy * p->stride.h - p->pad.h;
            fl_nn_dsp_tap_range(y0, filter_dims->h, in_dims->h, &ky_lo, &ky_hi);
            for (ox = 0; ox < out_dims->w; ox++) {
                int64_t x0 = (int64_t)ox * p->stride.w - p->pad.w;
                int8_t *dst = out + ((size_t)oy * (size_t)out_dims->w + (size_t)ox) * (size_t)OC;
                const int8_t *in_px;   /* input at (y0 + ky_lo, x0 + kx_lo), channel 0 */
                const int8_t *flt_px;  /* filter at (ky_lo, kx_lo), channel 0 */
                fl_nn_dsp_tap_range(x0, KW, W, &kx_lo, &kx_hi);
                if (ky_lo == ky_hi || kx_lo == kx_hi) {
                    /* the window lies entirely in the padding: bias only */
                    for (o = e.first; o < e.end; o++) {
                        dst[o] = fl_nn_dsp_epi(bias != NULL ? (uint32_t)bias[o] : 0u, e, o);
                    }
                    continue;
                }
                in_px = in + ((size_t)(y0 + ky_lo) * (size_t)W + (size_t)(x0 + kx_lo)) * (size_t)C;
                flt_px = filter + ((size_t)ky_lo * (size_t)KW + (size_t)kx_lo) * (size_t)OC;
                nky = ky_hi - ky_lo;
                nkx = kx_hi - kx_lo;
                for (o = e.first; o < c4_end; o += 4) {
                    uint32_t a0 = bias != NULL ? (uint32_t)bias[o] : 0u;
                    uint32_t a1 = bias != NULL ? (uint32_t)bias[o + 1] : 0u;
                    uint32_t a2 = bias != NULL ? (uint32_t)bias[o + 2] : 0u;
                    uint32_t a3 = bias != NULL ? (uint32_t)bias[o + 3] : 0u;
                    for (ky = 0; ky < nky; ky++) {
                        /* offsets from the window's first in-bound tap; computed from indices so no pointer is
                         * ever formed outside the tensors */
                        size_t xi = (size_t)ky * x_row + (size_t)o;
                        size_t wi = (size_t)ky * w_row + (size_t)o;
                        if (nkx == 3) {
                            /* the interior case of a 3-wide filter: no loop control */
                            tap4(in_px + xi, flt_px + wi, off2, &a0, &a1, &a2, &a3);
                            tap4(in_px + xi + C, flt_px + wi + OC, off2, &a0, &a1, &a2, &a3);
                            tap4(in_px + xi + 2 * (size_t)C, flt_px + wi + 2 * (size_t)OC, off2, &a0, &a1, &a2, &a3);
                            continue;
                        }
                        for (kx = 0; kx < nkx; kx++) {
                            tap4(in_px + xi, flt_px + wi, off2, &a0, &a1, &a2, &a3);
                            xi += (size_t)C;
                            wi += (size_t)OC;
                        }
                    }
                    dst[o] = fl_nn_dsp_epi(a0, e, o);
                    dst[o + 1] = fl_nn_dsp_epi(a1, e, o + 1);
                    dst[o + 2] = fl_nn_dsp_epi(a2, e, o + 2);
                    dst[o + 3] = fl_nn_dsp_epi(a3, e, o + 3);
                }
                for (; o < e.end; o++) {
                    uint32_t acc = bias != NULL ? (uint32_t)bias[o] : 0u;
                    for (ky = 0; ky < nky; ky++) {
                        size_t xi = (size_t)ky * x_row + (size_t)(o / p->ch_mult);
                        size_t wi = (size_t)ky * w_row + (size_t)o;
                        for (kx = 0; kx < nkx; kx++) {
                            acc += (uint32_t)((int32_t)flt_px[wi] * ((int32_t)in_px[xi] + p->input_offset));
                            xi += (size_t)C;
                            wi += (size_t)OC;
                        }
                    }
                    dst[o] = fl_nn_dsp_epi(acc, e, o);
                }
            }
        }
    }
    return FL_OK;
}
