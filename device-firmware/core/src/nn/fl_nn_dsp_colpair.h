/* SPDX-License-Identifier: MIT */
/* Interleaved q15 im2col column pairs: the inner loop of the q7 DSP convolution when C_in % 4 == 0
 * (fl_nn_conv_q7_dsp.c). Internal; never included by application code.
 *
 * Two output pixels' windows are widened once into int16 and stored interleaved, 16 bytes per group of 4 taps
 * t0 t1 t2 t3:
 *     pixel 0 (t0, t2) | pixel 1 (t0, t2) | pixel 0 (t1, t3) | pixel 1 (t1, t3)
 * That is the lane order SXTB16 and SXTB16 ROR #8 give a weight word, so the weights are used as stored (no
 * repacking), and both pixels of a half group are adjacent: one pointer walks both columns, which keeps the
 * 2 pixels x 2 channels loop below in 13 registers. With C_in % 4 == 0 a group never straddles a filter row or
 * the padding, so a column is built one word at a time (LDR, two SXTB16, two STR) and needs no tail.
 *
 * Per group the loop loads 2 weight words and 4 column words, widens the weights (4 SXTB16) and issues 8
 * SMLADs: 18 instructions per 16 MACs (legacy arm_nn_mat_mult_kernel_q7_q15 does the same work on separate
 * columns). Every product is exact and the 32-bit sums wrap as in the portable kernel, so the result is the
 * portable one bit for bit (fl_nn_dsp_support.h). The column words are loaded with LDR, which allows any
 * alignment on the M7, because the caller's scratch has none (LDRD/LDM would fault). */
#ifndef FL_NN_DSP_COLPAIR_H
#define FL_NN_DSP_COLPAIR_H

#include <stdint.h>
#include <string.h>

#include "fl_nn_dsp_support.h"

/* Bytes of one group of 4 taps of both columns. */
#define FL_NN_COLPAIR_GROUP_BYTES 16

/* Writes n groups (4 * n int8 taps from src) widened into one column of the pair, from dst (the pair's group
 * g, plus 4 for pixel 1); returns the position of the group after them. */
static inline uint8_t *fl_nn_colpair_put(uint8_t *dst, const int8_t *src, int32_t n)
{
    for (; n > 0; n--) {
        uint32_t v = fl_dsp_load4(src);
        uint32_t e = fl_dsp_sxtb16(v);
        uint32_t o = fl_dsp_sxtb16_ror8(v);
        memcpy(dst, &e, sizeof e);
        memcpy(dst + 8, &o, sizeof o);
        src += 4;
        dst += FL_NN_COLPAIR_GROUP_BYTES;
    }
    return dst;
}

/* n groups of zero taps (padding) in one column of the pair. */
static inline uint8_t *fl_nn_colpair_zero(uint8_t *dst, int32_t n)
{
    const uint32_t z = 0u;
    for (; n > 0; n--) {
        memcpy(dst, &z, sizeof z);
        memcpy(dst + 8, &z, sizeof z);
        dst += FL_NN_COLPAIR_GROUP_BYTES;
    }
    return dst;
}

/* One group in C: the reference for the asm loop and the odd group it leaves. */
static inline const uint8_t *fl_nn_colpair_group(const uint8_t *c, const int8_t *w0, const int8_t *w1,
                                                 uint32_t *a00, uint32_t *a01, uint32_t *a10, uint32_t *a11)
{
    uint32_t u = fl_dsp_load4(w0), v = fl_dsp_load4(w1), x0, x1, e;
    memcpy(&x0, c, sizeof x0);
    memcpy(&x1, c + 4, sizeof x1);
    e = fl_dsp_sxtb16(u);
    *a00 = fl_dsp_smlad(e, x0, *a00);
    *a10 = fl_dsp_smlad(e, x1, *a10);
    e = fl_dsp_sxtb16(v);
    *a01 = fl_dsp_smlad(e, x0, *a01);
    *a11 = fl_dsp_smlad(e, x1, *a11);
    memcpy(&x0, c + 8, sizeof x0);
    memcpy(&x1, c + 12, sizeof x1);
    e = fl_dsp_sxtb16_ror8(u);
    *a00 = fl_dsp_smlad(e, x0, *a00);
    *a10 = fl_dsp_smlad(e, x1, *a10);
    e = fl_dsp_sxtb16_ror8(v);
    *a01 = fl_dsp_smlad(e, x0, *a01);
    *a11 = fl_dsp_smlad(e, x1, *a11);
    return c + FL_NN_COLPAIR_GROUP_BYTES;
}

#if FL_DSP_NATIVE
/* One group of fl_nn_colpair_dot_2x2's loop: fl_nn_colpair_group in 18 instructions. */
#define FL_NN_COLPAIR_GROUP_ASM                                                                                \
    "ldr %[u], [%[w0]], #4\n\t"                                                                                \
    "ldr %[v], [%[w1]], #4\n\t"                                                                                \
    "ldr %[x0], [%[c]], #4\n\t"                                                                                \
    "ldr %[x1], [%[c]], #4\n\t"                                                                                \
    "sxtb16 %[e], %[u]\n\t"                                                                                    \
    "smlad %[a00], %[e], %[x0], %[a00]\n\t"                                                                    \
    "smlad %[a10], %[e], %[x1], %[a10]\n\t"                                                                    \
    "sxtb16 %[e], %[v]\n\t"                                                                                    \
    "smlad %[a01], %[e], %[x0], %[a01]\n\t"                                                                    \
    "smlad %[a11], %[e], %[x1], %[a11]\n\t"                                                                    \
    "ldr %[x0], [%[c]], #4\n\t"                                                                                \
    "ldr %[x1], [%[c]], #4\n\t"                                                                                \
    "sxtb16 %[u], %[u], ror #8\n\t"                                                                            \
    "smlad %[a00], %[u], %[x0], %[a00]\n\t"                                                                    \
    "smlad %[a10], %[u], %[x1], %[a10]\n\t"                                                                    \
    "sxtb16 %[v], %[v], ror #8\n\t"                                                                            \
    "smlad %[a01], %[v], %[x0], %[a01]\n\t"                                                                    \
    "smlad %[a11], %[v], %[x1], %[a11]\n\t"
#endif

/* acc = {p0 w0, p0 w1, p1 w0, p1 w1} += the first n groups of the pair at c against the int8 weight rows w0
 * and w1 (4 * n bytes each; w1 == w0 is allowed). */
static inline void fl_nn_colpair_dot_2x2(const uint8_t *c, const int8_t *w0, const int8_t *w1, int32_t n,
                                         uint32_t acc[4])
{
    uint32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
#if FL_DSP_NATIVE
    /* Two groups per pass with post-incremented pointers and the pass count run down to zero: 38 instructions
     * per 32 MACs in 13 registers, no stack (written out for the same reason as fl_nn_dsp_dot_1x3: GCC 12
     * spills this loop's pointers in C). An odd count enters the first pass at its second group. The same
     * products into the same accumulators as fl_nn_colpair_group. */
    if (n > 0) {
        uint32_t u, v, e, x0, x1;
        __asm__ volatile(
            "lsrs %[n], %[n], #1\n\t" /* carry = the odd group */
            "bcc 1f\n\t"
            "adds %[n], %[n], #1\n\t"
            "b 2f\n\t"
            "1:\n\t"
            FL_NN_COLPAIR_GROUP_ASM
            "2:\n\t"
            FL_NN_COLPAIR_GROUP_ASM
            "subs %[n], %[n], #1\n\t"
            "bne 1b"
            : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11), [c] "+r"(c), [w0] "+r"(w0),
              [w1] "+r"(w1), [n] "+r"(n), [u] "=&r"(u), [v] "=&r"(v), [e] "=&r"(e), [x0] "=&r"(x0),
              [x1] "=&r"(x1)
            :
            : "cc", "memory");
    }
#else
    for (; n > 0; n--) {
        c = fl_nn_colpair_group(c, w0, w1, &a00, &a01, &a10, &a11);
        w0 += 4;
        w1 += 4;
    }
#endif
    acc[0] = a00;
    acc[1] = a01;
    acc[2] = a10;
    acc[3] = a11;
}

#endif /* FL_NN_DSP_COLPAIR_H */
