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
 * Scratch: these loops widen operands in registers. Only the convolutions' short-filter-row paths (s8 and q7,
 * KW * C_in < 16) gather two im2col columns into the caller's scratch, because there the per-row runs are too
 * short for the loops here, and the q7 conv with C_in % 4 == 0, which widens each input once into a column
 * pair for all output channels (fl_nn_dsp_colpair.h; see fl_nn_conv_s8_cols_bytes / fl_nn_conv_q7_cols_bytes). */
#ifndef FL_NN_DSP_SUPPORT_H
#define FL_NN_DSP_SUPPORT_H

#include <stdint.h>

#include "fl_nn_dsp_intrinsics.h"
#include "fl_nn_support.h"

/* For the few helpers a kernel instantiates once per compile-time constant (e.g. the tail length of an im2col
 * column), so that each copy is specialised; plain inline elsewhere. */
#if defined(__GNUC__)
#define FL_NN_DSP_INLINE static inline __attribute__((always_inline))
#else
#define FL_NN_DSP_INLINE static inline
#endif

/* Keeps a kernel's large path out of its caller where inlining would disturb the register allocation of the
 * caller's other paths. */
#if defined(__GNUC__)
#define FL_NN_NOINLINE __attribute__((noinline))
#else
#define FL_NN_NOINLINE
#endif

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

/* Three weight rows per pass over the vector: each widened vector word feeds 6 SMLADs (12 MACs).
 * acc[r] += sum_j w_r[j] * (x[j] + offset), r = 0..2 (rows w, w + n, w + 2n), over the first len4 * 4 columns;
 * off2 = fl_nn_dsp_dup16(offset) (0 for q7). Used by the s8 and q7 fully connected kernels. */
static inline void fl_nn_dsp_dot_1x3(const int8_t *x, const int8_t *w, size_t n, int32_t len4, uint32_t off2, uint32_t acc[3])
{
    const int8_t *w0 = w;
    const int8_t *w1 = w + n;
    const int8_t *w2 = w + 2 * n;
    uint32_t a0 = acc[0], a1 = acc[1], a2 = acc[2];
#if FL_DSP_NATIVE
    /* GCC 12 keeps only part of this loop in registers (it spilled pointers and the count, ~8 extra loads and
     * stores per pass); written out, two column groups per pass, it is 38 instructions per 24 MACs in 13
     * registers and touches no stack. Same products into the same accumulators as the C below (the order of a
     * wrapping sum does not matter). */
    int32_t len8 = len4 >> 1;
    if (len8 > 0) {
        uint32_t xe, xo, wv, t;
        __asm__ volatile(
            "1:\n\t"
            "ldr %[wv], [%[x]], #4\n\t"
            "sxtab16 %[xe], %[off2], %[wv]\n\t"
            "sxtab16 %[xo], %[off2], %[wv], ror #8\n\t"
            "ldr %[wv], [%[w0]], #4\n\t"
            "sxtb16 %[t], %[wv]\n\t"
            "smlad %[a0], %[t], %[xe], %[a0]\n\t"
            "sxtb16 %[wv], %[wv], ror #8\n\t"
            "smlad %[a0], %[wv], %[xo], %[a0]\n\t"
            "ldr %[wv], [%[w1]], #4\n\t"
            "sxtb16 %[t], %[wv]\n\t"
            "smlad %[a1], %[t], %[xe], %[a1]\n\t"
            "sxtb16 %[wv], %[wv], ror #8\n\t"
            "smlad %[a1], %[wv], %[xo], %[a1]\n\t"
            "ldr %[wv], [%[w2]], #4\n\t"
            "sxtb16 %[t], %[wv]\n\t"
            "smlad %[a2], %[t], %[xe], %[a2]\n\t"
            "sxtb16 %[wv], %[wv], ror #8\n\t"
            "smlad %[a2], %[wv], %[xo], %[a2]\n\t"
            "ldr %[wv], [%[x]], #4\n\t"
            "sxtab16 %[xe], %[off2], %[wv]\n\t"
            "sxtab16 %[xo], %[off2], %[wv], ror #8\n\t"
            "ldr %[wv], [%[w0]], #4\n\t"
            "sxtb16 %[t], %[wv]\n\t"
            "smlad %[a0], %[t], %[xe], %[a0]\n\t"
            "sxtb16 %[wv], %[wv], ror #8\n\t"
            "smlad %[a0], %[wv], %[xo], %[a0]\n\t"
            "ldr %[wv], [%[w1]], #4\n\t"
            "sxtb16 %[t], %[wv]\n\t"
            "smlad %[a1], %[t], %[xe], %[a1]\n\t"
            "sxtb16 %[wv], %[wv], ror #8\n\t"
            "smlad %[a1], %[wv], %[xo], %[a1]\n\t"
            "ldr %[wv], [%[w2]], #4\n\t"
            "sxtb16 %[t], %[wv]\n\t"
            "smlad %[a2], %[t], %[xe], %[a2]\n\t"
            "sxtb16 %[wv], %[wv], ror #8\n\t"
            "smlad %[a2], %[wv], %[xo], %[a2]\n\t"
            "subs %[cnt], %[cnt], #1\n\t"
            "bne 1b"
            : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [x] "+r"(x), [w0] "+r"(w0), [w1] "+r"(w1),
              [w2] "+r"(w2), [cnt] "+r"(len8), [xe] "=&r"(xe), [xo] "=&r"(xo), [wv] "=&r"(wv), [t] "=&r"(t)
            : [off2] "r"(off2)
            : "cc", "memory");
    }
    len4 &= 1;
#endif
    for (; len4 > 0; len4--) {
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
        x += 4;
        w0 += 4;
        w1 += 4;
        w2 += 4;
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
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
 * divide by 2^right with ties away from zero) followed by the output offset, in two prepared forms chosen per
 * block of channels once per call.
 *
 * Fast form, for mult > 0 and -23 <= shift <= -1 (every TFLite-style per-channel scale in [2^-23, 0.5)): both
 * roundings and the output offset collapse into one 64-bit sum and one shift,
 *     z + off = (val * mult + K - [val < 0] * 2^31) >> (31 + r),   K = 2^30 + 2^(30 + r) + off * 2^(31 + r),
 * r = -shift, i.e. SMLAL into a preset (lo, hi), a second SMLAL of the sign bit by INT32_MIN, and an ASR of hi
 * by r - 1. Why it is exact: with y = floor((val * mult + 2^30) / 2^31) (the doubling high multiply; |y| < 2^31,
 * no truncation since mult > 0), the portable divide is z = floor((y + 2^(r-1) - [y < 0]) / 2^r) (it adds 1
 * when the remainder exceeds 2^(r-1) - 1, or 2^(r-1) for y < 0), floor(floor(a / 2^31) / 2^r) =
 * floor(a / 2^(31+r)), and adding off * 2^(31+r) adds exactly off after the shift. [y < 0] is replaced by
 * [val < 0]: they differ only for -2^30 <= val * mult < 0, where y = 0 and the sum without the offset stays
 * inside [0, 2^(31+r)), so z = 0 either way. r <= 23 keeps |sum| < 2^62 + 2^61 + 2^54 < 2^63 (nothing wraps),
 * and |z| <= 2^30, so z + off cannot wrap either, as the portable wrapping add would not.
 *
 * Generic form, every other (mult, shift): branch-free as well,
 *     (y >> right) + (((y & mask) + half - [y < 0 and right > 0]) >> right),   mask = 2^right - 1, half = (mask + 1) / 2,
 * which adds 1 exactly when the portable remainder exceeds its threshold; the sum is at most 2^31 - 1 + 2^30,
 * formed in uint32_t, so it cannot wrap, and it is never negative because half >= 1 whenever the [y < 0] term
 * can be 1. The output offset is added afterwards, wrapping like the M7. Both forms are checked against
 * fl_nn_requant() for every shift and the edge values of val and mult (test_nn_dsp_equivalence). */
typedef struct {
    int64_t k;      /* fast: K above (includes the output offset) */
    int32_t mult;
    uint32_t sh;    /* fast: r - 1 */
    uint32_t left;  /* generic: 0..31 */
    uint32_t right; /* generic: 0..31 */
    uint32_t mask;  /* generic: 2^right - 1 */
    uint32_t half;  /* generic: 2^(right - 1), 0 when right == 0 */
} fl_nn_dsp_rq_t;

/* The fast form applies (see above). */
static inline int fl_nn_dsp_rq_fast_ok(int32_t mult, int32_t shift)
{
    return mult > 0 && shift <= -1 && shift >= -23;
}

/* out_offset: -128..127 (only the fast form includes it). */
static inline fl_nn_dsp_rq_t fl_nn_dsp_rq_prepare(int32_t mult, int32_t shift, int32_t out_offset)
{
    fl_nn_dsp_rq_t r;
    shift = shift > 31 ? 31 : (shift < -31 ? -31 : shift);
    r.mult = mult;
    r.left = shift > 0 ? (uint32_t)shift : 0u;
    r.right = shift > 0 ? 0u : (uint32_t)-shift;
    r.mask = (uint32_t)(((uint64_t)1 << r.right) - 1u);
    r.half = (r.mask + 1u) >> 1;
    r.sh = 0u;
    r.k = 0;
    if (fl_nn_dsp_rq_fast_ok(mult, shift)) {
        r.sh = r.right - 1u;
        r.k = ((int64_t)1 << 30) + ((int64_t)1 << (30u + r.right)) + (int64_t)out_offset * ((int64_t)1 << (31u + r.right));
    }
    return r;
}

/* Generic form: fl_nn_requant(val, mult, shift), without the output offset. */
static inline int32_t fl_nn_dsp_rq_apply(int32_t val, const fl_nn_dsp_rq_t *r)
{
    int64_t m = (int64_t)fl_nn_shl_wrap(val, r->left) * (int64_t)r->mult + ((int64_t)1 << 30);
    int32_t y = fl_nn_u2s((uint32_t)((uint64_t)m >> 31));
    uint32_t t = ((uint32_t)y & r->mask) + r->half - (((uint32_t)y >> 31) & r->mask);
    return (y >> r->right) + (int32_t)(t >> r->right);
}

/* Fast form: fl_nn_requant(val, mult, shift) + out_offset; only for parameters with fl_nn_dsp_rq_fast_ok(). */
static inline int32_t fl_nn_dsp_rq_apply_fast(int32_t val, const fl_nn_dsp_rq_t *r)
{
#if FL_DSP_NATIVE
    /* GCC 12 builds the [val < 0] * 2^31 term from four shifts and an add pair; as a second SMLAL by INT32_MIN
     * it is one instruction (plus an LSR), on the same (lo, hi) the first SMLAL accumulates into. */
    uint32_t lo = (uint32_t)(uint64_t)r->k;
    int32_t hi = (int32_t)(r->k >> 32);
    __asm__("smlal %0, %1, %2, %3\n\tsmlal %0, %1, %4, %5"
            : "+&r"(lo), "+&r"(hi)
            : "r"(val), "r"(r->mult), "r"((uint32_t)val >> 31), "r"(INT32_MIN));
    return hi >> r->sh;
#else
    int64_t q = r->k + (int64_t)val * (int64_t)r->mult;
    q += (int64_t)(int32_t)((uint32_t)val >> 31) * (int64_t)INT32_MIN;
    return (int32_t)(q >> 32) >> r->sh;
#endif
}

/* Output channels whose requantization parameters a kernel prepares at a time (on the stack, 32 bytes each). */
#define FL_NN_DSP_RQ_BLOCK 32

/* How a block of channels is finished: the generic form, or the fast form with a clamp to the activation
 * range, or the fast form when that range is the whole int8 range (one SSAT). */
enum { FL_NN_DSP_EPI_GENERIC, FL_NN_DSP_EPI_FAST, FL_NN_DSP_EPI_FAST_SAT };

/* The s8 epilogue (requantize, add the output offset, clamp), its parameters copied out of the caller's
 * structs: every int8_t store may alias them, so reading them through the pointers made the compiler reload
 * them for every output. rq holds the prepared parameters of a block of channels. */
typedef struct {
    const fl_nn_dsp_rq_t *rq; /* prepared parameters of channels [first, end) */
    int32_t first;
    int32_t end;
    int32_t out_offset;
    int32_t act_min;
    int32_t act_max;
    int mode; /* FL_NN_DSP_EPI_* */
} fl_nn_dsp_epi_t;

/* ch: output channel, first <= ch < end. */
static inline int8_t fl_nn_dsp_epi(uint32_t acc, fl_nn_dsp_epi_t e, int32_t ch)
{
    int32_t v;
    if (e.mode == FL_NN_DSP_EPI_FAST_SAT) {
        return (int8_t)fl_dsp_ssat8(fl_nn_dsp_rq_apply_fast(fl_nn_u2s(acc), &e.rq[ch - e.first]));
    }
    if (e.mode == FL_NN_DSP_EPI_FAST) {
        v = fl_nn_dsp_rq_apply_fast(fl_nn_u2s(acc), &e.rq[ch - e.first]);
    } else {
        v = fl_nn_dsp_rq_apply(fl_nn_u2s(acc), &e.rq[ch - e.first]);
        v = fl_nn_u2s((uint32_t)v + (uint32_t)e.out_offset);
    }
    return (int8_t)fl_nn_clamp(v, e.act_min, e.act_max);
}

/* The mode for a block whose channels all take the fast form (fast != 0) or not. */
static inline int fl_nn_dsp_epi_mode(int fast, int32_t act_min, int32_t act_max)
{
    if (!fast) {
        return FL_NN_DSP_EPI_GENERIC;
    }
    return act_min == -128 && act_max == 127 ? FL_NN_DSP_EPI_FAST_SAT : FL_NN_DSP_EPI_FAST;
}

/* Prepares channels [first, first + n) of a per-channel quantization into rq[0..n); returns whether all of
 * them take the fast form. */
static inline int fl_nn_dsp_rq_block(fl_nn_dsp_rq_t *rq, const fl_nn_per_channel_quant_t *q, int32_t first,
                                     int32_t n, int32_t out_offset)
{
    int32_t i;
    int fast = 1;
    for (i = 0; i < n; i++) {
        rq[i] = fl_nn_dsp_rq_prepare(q->multiplier[first + i], q->shift[first + i], out_offset);
        fast &= fl_nn_dsp_rq_fast_ok(q->multiplier[first + i], q->shift[first + i]);
    }
    return fast;
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
