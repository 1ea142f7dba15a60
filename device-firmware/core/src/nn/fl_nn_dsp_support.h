/* SPDX-License-Identifier: MIT */
/* Inner loops shared by the ARMv7E-M DSP kernels (src/nn/fl_nn_*_dsp.c). Internal; never included by
 * application code.
 *
 * The trick (the same as CMSIS-NN's read_and_pad_reordered): one 32-bit load brings four int8 lanes
 * b0 b1 b2 b3. SXTB16 turns them into the int16 pair (b0, b2), SXTB16 ROR #8 into (b1, b3). If the input
 * and the weights are both split that way, SMLAD of the two "even" pairs plus SMLAD of the two "odd" pairs
 * is the 4-term dot product, and the lane order inside the pairs never has to be restored (no PKHBT). For s8,
 * SXTAB16 adds the input offset to both lanes in the same instruction; x + offset lies in [-255, 255], so the
 * 16-bit lane never wraps, and w * (x + offset) fits the 16x16 multiply exactly.
 *
 * Bit-exactness: every product is exact; only the 32-bit accumulation wraps, in SMLAD as in the portable
 * kernels' uint32_t sums, and addition modulo 2^32 does not depend on the order. So these loops give the
 * portable result for every input, saturation and rounding being applied afterwards by the same helpers
 * (fl_nn_support.h).
 *
 * No scratch: operands are widened in registers, never into an im2col buffer. On the M7 the widening costs
 * what reloading a widened buffer would, and it keeps every *_scratch_size() twin at 0. */
#ifndef FL_NN_DSP_SUPPORT_H
#define FL_NN_DSP_SUPPORT_H

#include <stdint.h>

#include "fl_nn_dsp_intrinsics.h"
#include "fl_nn_support.h"

/* The s8 input offset in both 16-bit lanes, for SXTAB16. offset is -127..128 (0 for q7). */
static inline uint32_t fl_nn_dsp_dup16(int32_t offset)
{
    uint32_t h = (uint32_t)offset & 0xFFFFu;
    return h | (h << 16);
}

/* acc += sum_{j < len} w[j] * (x[j] + offset). */
static inline uint32_t fl_nn_dsp_dot_1x1(const int8_t *x, const int8_t *w, int32_t len, int32_t offset,
                                         uint32_t acc)
{
    const uint32_t off2 = fl_nn_dsp_dup16(offset);
    for (; len >= 4; len -= 4) {
        uint32_t xv = fl_dsp_load4(x);
        uint32_t wv = fl_dsp_load4(w);
        acc = fl_dsp_smlad(fl_dsp_sxtb16(wv), fl_dsp_sxtab16(off2, xv), acc);
        acc = fl_dsp_smlad(fl_dsp_sxtb16_ror8(wv), fl_dsp_sxtab16_ror8(off2, xv), acc);
        x += 4;
        w += 4;
    }
    for (; len > 0; len--) {
        acc += (uint32_t)((int32_t)*w++ * ((int32_t)*x++ + offset));
    }
    return acc;
}

/* One input run against two weight rows: acc[r] += sum_j w_r[j] * (x[j] + offset). The input is widened
 * once for both rows. */
static inline void fl_nn_dsp_dot_1x2(const int8_t *x, const int8_t *w0, const int8_t *w1, int32_t len,
                                     int32_t offset, uint32_t acc[2])
{
    const uint32_t off2 = fl_nn_dsp_dup16(offset);
    uint32_t a0 = acc[0], a1 = acc[1];
    for (; len >= 4; len -= 4) {
        uint32_t xv = fl_dsp_load4(x);
        uint32_t xe = fl_dsp_sxtab16(off2, xv);
        uint32_t xo = fl_dsp_sxtab16_ror8(off2, xv);
        uint32_t wv = fl_dsp_load4(w0);
        a0 = fl_dsp_smlad(fl_dsp_sxtb16(wv), xe, a0);
        a0 = fl_dsp_smlad(fl_dsp_sxtb16_ror8(wv), xo, a0);
        wv = fl_dsp_load4(w1);
        a1 = fl_dsp_smlad(fl_dsp_sxtb16(wv), xe, a1);
        a1 = fl_dsp_smlad(fl_dsp_sxtb16_ror8(wv), xo, a1);
        x += 4;
        w0 += 4;
        w1 += 4;
    }
    for (; len > 0; len--) {
        int32_t xs = (int32_t)*x++ + offset;
        a0 += (uint32_t)((int32_t)*w0++ * xs);
        a1 += (uint32_t)((int32_t)*w1++ * xs);
    }
    acc[0] = a0;
    acc[1] = a1;
}

/* One input run against four weight rows (fully connected): the input is widened once per four rows.
 * acc[r] += sum_j w_r[j] * (x[j] + offset). */
static inline void fl_nn_dsp_dot_1x4(const int8_t *x, const int8_t *w0, const int8_t *w1, const int8_t *w2,
                                     const int8_t *w3, int32_t len, int32_t offset, uint32_t acc[4])
{
    const uint32_t off2 = fl_nn_dsp_dup16(offset);
    uint32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    for (; len >= 4; len -= 4) {
        uint32_t xv = fl_dsp_load4(x);
        uint32_t xe = fl_dsp_sxtab16(off2, xv);
        uint32_t xo = fl_dsp_sxtab16_ror8(off2, xv);
        uint32_t wv = fl_dsp_load4(w0);
        a0 = fl_dsp_smlad(fl_dsp_sxtb16(wv), xe, a0);
        a0 = fl_dsp_smlad(fl_dsp_sxtb16_ror8(wv), xo, a0);
        wv = fl_dsp_load4(w1);
        a1 = fl_dsp_smlad(fl_dsp_sxtb16(wv), xe, a1);
        a1 = fl_dsp_smlad(fl_dsp_sxtb16_ror8(wv), xo, a1);
        wv = fl_dsp_load4(w2);
        a2 = fl_dsp_smlad(fl_dsp_sxtb16(wv), xe, a2);
        a2 = fl_dsp_smlad(fl_dsp_sxtb16_ror8(wv), xo, a2);
        wv = fl_dsp_load4(w3);
        a3 = fl_dsp_smlad(fl_dsp_sxtb16(wv), xe, a3);
        a3 = fl_dsp_smlad(fl_dsp_sxtb16_ror8(wv), xo, a3);
        x += 4;
        w0 += 4;
        w1 += 4;
        w2 += 4;
        w3 += 4;
    }
    for (; len > 0; len--) {
        int32_t xs = (int32_t)*x++ + offset;
        a0 += (uint32_t)((int32_t)*w0++ * xs);
        a1 += (uint32_t)((int32_t)*w1++ * xs);
        a2 += (uint32_t)((int32_t)*w2++ * xs);
        a3 += (uint32_t)((int32_t)*w3++ * xs);
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

/* Two input runs (two output pixels) against two weight rows (two output channels): 16 MACs per 4 lanes from
 * 4 loads, 8 widenings and 8 SMLADs, each widened operand used twice. acc = {x0w0, x0w1, x1w0, x1w1}. */
static inline void fl_nn_dsp_dot_2x2(const int8_t *x0, const int8_t *x1, const int8_t *w0, const int8_t *w1,
                                     int32_t len, int32_t offset, uint32_t acc[4])
{
    const uint32_t off2 = fl_nn_dsp_dup16(offset);
    uint32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
    for (; len >= 4; len -= 4) {
        uint32_t v0 = fl_dsp_load4(x0);
        uint32_t v1 = fl_dsp_load4(x1);
        uint32_t u = fl_dsp_load4(w0);
        uint32_t ue = fl_dsp_sxtb16(u);
        uint32_t uo = fl_dsp_sxtb16_ror8(u);
        uint32_t x0e = fl_dsp_sxtab16(off2, v0);
        uint32_t x1e = fl_dsp_sxtab16(off2, v1);
        a00 = fl_dsp_smlad(ue, x0e, a00);
        a10 = fl_dsp_smlad(ue, x1e, a10);
        u = fl_dsp_load4(w1);
        ue = fl_dsp_sxtb16(u);
        a01 = fl_dsp_smlad(ue, x0e, a01);
        a11 = fl_dsp_smlad(ue, x1e, a11);
        x0e = fl_dsp_sxtab16_ror8(off2, v0);
        x1e = fl_dsp_sxtab16_ror8(off2, v1);
        a00 = fl_dsp_smlad(uo, x0e, a00);
        a10 = fl_dsp_smlad(uo, x1e, a10);
        uo = fl_dsp_sxtb16_ror8(u);
        a01 = fl_dsp_smlad(uo, x0e, a01);
        a11 = fl_dsp_smlad(uo, x1e, a11);
        x0 += 4;
        x1 += 4;
        w0 += 4;
        w1 += 4;
    }
    for (; len > 0; len--) {
        int32_t xs0 = (int32_t)*x0++ + offset;
        int32_t xs1 = (int32_t)*x1++ + offset;
        int32_t ws0 = *w0++;
        int32_t ws1 = *w1++;
        a00 += (uint32_t)(ws0 * xs0);
        a01 += (uint32_t)(ws1 * xs0);
        a10 += (uint32_t)(ws0 * xs1);
        a11 += (uint32_t)(ws1 * xs1);
    }
    acc[0] = a00;
    acc[1] = a01;
    acc[2] = a10;
    acc[3] = a11;
}

/* fl_nn_requant() (arm_nn_requantize: wrapping left shift, doubling high multiply without saturation, rounding
 * divide by 2^right with ties away from zero), split into a per-channel part computed once per call and a
 * per-output part without branches. The rounding divide becomes
 *     (y >> right) + (((y & mask) + half - [y < 0 and right > 0]) >> right),   mask = 2^right - 1, half = (mask + 1) / 2,
 * which adds 1 exactly when the portable remainder exceeds its threshold (half - 1, or half when y < 0); the
 * sum is at most 2^31 - 1 + 2^30, formed in uint32_t, so it cannot wrap, and it is never negative because
 * half >= 1 whenever the [y < 0] term can be 1. Equality with fl_nn_requant() for every shift and the edge
 * values of val and mult is checked by test_nn_dsp_equivalence. */
typedef struct {
    int32_t mult;
    uint32_t left;  /* 0..31 */
    uint32_t right; /* 0..31 */
    uint32_t mask;  /* 2^right - 1 */
    uint32_t half;  /* 2^(right - 1), 0 when right == 0 */
} fl_nn_dsp_rq_t;

static inline fl_nn_dsp_rq_t fl_nn_dsp_rq_prepare(int32_t mult, int32_t shift)
{
    fl_nn_dsp_rq_t r;
    shift = shift > 31 ? 31 : (shift < -31 ? -31 : shift);
    r.mult = mult;
    r.left = shift > 0 ? (uint32_t)shift : 0u;
    r.right = shift > 0 ? 0u : (uint32_t)-shift;
    r.mask = (uint32_t)(((uint64_t)1 << r.right) - 1u);
    r.half = (r.mask + 1u) >> 1;
    return r;
}

static inline int32_t fl_nn_dsp_rq_apply(int32_t val, const fl_nn_dsp_rq_t *r)
{
    int64_t m = (int64_t)fl_nn_shl_wrap(val, r->left) * (int64_t)r->mult + ((int64_t)1 << 30);
    int32_t y = fl_nn_u2s((uint32_t)((uint64_t)m >> 31));
    uint32_t t = ((uint32_t)y & r->mask) + r->half - (((uint32_t)y >> 31) & r->mask);
    return (y >> r->right) + (int32_t)(t >> r->right);
}

static inline int32_t fl_nn_dsp_requant(int32_t val, int32_t mult, int32_t shift)
{
    fl_nn_dsp_rq_t r = fl_nn_dsp_rq_prepare(mult, shift);
    return fl_nn_dsp_rq_apply(val, &r);
}

/* Output channels whose requantization parameters a kernel prepares at a time (on the stack, 20 bytes each). */
#define FL_NN_DSP_RQ_BLOCK 32

/* The s8 epilogue (requantize, add the output offset wrapping like the M7, clamp), its parameters copied out
 * of the caller's structs: every int8_t store may alias them, so reading them through the pointers made the
 * compiler reload them for every output. rq holds the prepared parameters of a block of channels. */
typedef struct {
    const fl_nn_dsp_rq_t *rq; /* prepared parameters of channels [first, end) */
    int32_t first;
    int32_t end;
    int32_t out_offset;
    int32_t act_min;
    int32_t act_max;
} fl_nn_dsp_epi_t;

/* ch: output channel, first <= ch < end. */
static inline int8_t fl_nn_dsp_epi(uint32_t acc, fl_nn_dsp_epi_t e, int32_t ch)
{
    int32_t v = fl_nn_dsp_rq_apply(fl_nn_u2s(acc), &e.rq[ch - e.first]);
    return (int8_t)fl_nn_clamp(fl_nn_u2s((uint32_t)v + (uint32_t)e.out_offset), e.act_min, e.act_max);
}

/* Prepares channels [first, first + n) of a per-channel quantization into rq[0..n). */
static inline void fl_nn_dsp_rq_block(fl_nn_dsp_rq_t *rq, const fl_nn_per_channel_quant_t *q, int32_t first,
                                      int32_t n)
{
    int32_t i;
    for (i = 0; i < n; i++) {
        rq[i] = fl_nn_dsp_rq_prepare(q->multiplier[first + i], q->shift[first + i]);
    }
}

/* fl_nn_dsp_dot_2x2 without the input offset (the caller folded it into the accumulators' start values:
 * sum w * (x + offset) == sum w * x + offset * sum w modulo 2^32), which frees the register that held it.
 * Lengths that are not a multiple of 4 finish in scalar code. */
static inline void fl_nn_dsp_dot_2x2_raw(const int8_t *x0, const int8_t *x1, const int8_t *w0, const int8_t *w1,
                                         int32_t len, uint32_t acc[4])
{
    uint32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
    int32_t n;
    for (n = len >> 2; n > 0; n--) {
        uint32_t v0 = fl_dsp_load4(x0);
        uint32_t v1 = fl_dsp_load4(x1);
        uint32_t u = fl_dsp_load4(w0);
        uint32_t v = fl_dsp_load4(w1);
        uint32_t e0 = fl_dsp_sxtb16(v0), e1 = fl_dsp_sxtb16(v1);
        uint32_t ue = fl_dsp_sxtb16(u), ve = fl_dsp_sxtb16(v);
        a00 = fl_dsp_smlad(ue, e0, a00);
        a10 = fl_dsp_smlad(ue, e1, a10);
        a01 = fl_dsp_smlad(ve, e0, a01);
        a11 = fl_dsp_smlad(ve, e1, a11);
        e0 = fl_dsp_sxtb16_ror8(v0);
        e1 = fl_dsp_sxtb16_ror8(v1);
        ue = fl_dsp_sxtb16_ror8(u);
        ve = fl_dsp_sxtb16_ror8(v);
        a00 = fl_dsp_smlad(ue, e0, a00);
        a10 = fl_dsp_smlad(ue, e1, a10);
        a01 = fl_dsp_smlad(ve, e0, a01);
        a11 = fl_dsp_smlad(ve, e1, a11);
        x0 += 4;
        x1 += 4;
        w0 += 4;
        w1 += 4;
    }
    for (n = len & 3; n > 0; n--) {
        int32_t s0 = *x0++, s1 = *x1++, t0 = *w0++, t1 = *w1++;
        a00 += (uint32_t)(t0 * s0);
        a01 += (uint32_t)(t1 * s0);
        a10 += (uint32_t)(t0 * s1);
        a11 += (uint32_t)(t1 * s1);
    }
    acc[0] = a00;
    acc[1] = a01;
    acc[2] = a10;
    acc[3] = a11;
}

/* Clipped tap range [*lo, *hi) along one axis for a window starting at `start` (may be negative) of `k` taps
 * over an input of `in` elements; empty (lo == hi) when the window misses the input. */
static inline void fl_nn_dsp_tap_range(int64_t start, int32_t k, int32_t in, int32_t *lo, int32_t *hi)
{
    int64_t l = start < 0 ? -start : 0;
    int64_t h = (int64_t)in - start;
    if (l > k) {
        l = k;
    }
    if (h > k) {
        h = k;
    }
    if (h < l) {
        h = l;
    }
    *lo = (int32_t)l;
    *hi = (int32_t)h;
}

#endif /* FL_NN_DSP_SUPPORT_H */
