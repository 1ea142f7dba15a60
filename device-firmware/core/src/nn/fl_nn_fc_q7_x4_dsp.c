/* SPDX-License-Identifier: MIT */
/* Fully connected, legacy q7 scheme, x4-interleaved weights: ARMv7E-M DSP variant of fl_nn_fc_q7_x4.c (same
 * symbols, contract and output bits; nn.cmake FL_NN_DSP picks one file). Layout (see fl_nn_fc_q7_x4.c):
 * per group of 4 rows and 4-column block, 16 bytes
 *     r0c0 r1c0 r0c2 r1c2 | r2c0 r3c0 r2c2 r3c2 | r0c1 r1c1 r0c3 r1c3 | r2c1 r3c1 r2c3 r3c3
 * This is the order arm_fully_connected_q7_opt was designed for: SXTB16 of the first word gives row 0's
 * (c0, c2) and SXTB16 ROR #8 gives row 1's (c0, c2); the vector word v0 v1 v2 v3 splits the same way into
 * (v0, v2) and (v1, v3). So every weight word yields two SMLAD operands with no lane shuffling, and one vector
 * load serves the four rows (16 MACs per 5 loads, 10 widenings and 8 SMLADs). CMSIS-NN widened the vector into
 * a q15 buffer first; widening in registers needs no scratch. */
#include "fl_nn_dsp_support.h"

/* Identical to the portable file's function: exactly one of the two files is compiled into a library. */
static size_t block_pos(int32_t rr, int32_t cc)
{
    return (size_t)((cc & 1) * 8 + (rr >> 1) * 4 + (cc >> 1) * 2 + (rr & 1));
}

size_t fl_nn_fc_q7_x4_index(int32_t rows, int32_t cols, int32_t r, int32_t c)
{
    int32_t rows4 = rows & ~3;
    int32_t cols4 = cols & ~3;
    size_t group_base;
    if (r >= rows4) {
        return (size_t)rows4 * (size_t)cols + (size_t)(r - rows4) * (size_t)cols + (size_t)c;
    }
    group_base = (size_t)(r / 4) * 4u * (size_t)cols;
    if (c < cols4) {
        return group_base + (size_t)(c / 4) * 16u + block_pos(r & 3, c & 3);
    }
    return group_base + (size_t)cols4 * 4u + (size_t)(c - cols4) * 4u + (size_t)(r & 3);
}

fl_status_t fl_nn_fc_q7_x4(const fl_nn_ctx_t *ctx, const fl_nn_q7_shift_t *shift, const int8_t *vec, int32_t cols,
                           const int8_t *weights_x4, const int8_t *bias, int32_t rows, int8_t *out)
{
    int32_t rg, r, j;
    int32_t rows4 = rows & ~3;
    int32_t cols4 = cols & ~3;
    const int8_t *w = weights_x4;
    if (shift == NULL || vec == NULL || weights_x4 == NULL || out == NULL || !fl_nn_fc_shape_ok(rows, cols) ||
        !fl_nn_q7_shift_ok(shift)) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_fc_q7_scratch_size(cols)));
    for (rg = 0; rg < rows4; rg += 4) {
        uint32_t a0 = fl_nn_q7_acc_init(bias != NULL ? bias[rg] : 0, shift);
        uint32_t a1 = fl_nn_q7_acc_init(bias != NULL ? bias[rg + 1] : 0, shift);
        uint32_t a2 = fl_nn_q7_acc_init(bias != NULL ? bias[rg + 2] : 0, shift);
        uint32_t a3 = fl_nn_q7_acc_init(bias != NULL ? bias[rg + 3] : 0, shift);
        const int8_t *v = vec;
        for (j = 0; j < cols4; j += 4) {
            uint32_t vv = fl_dsp_load4(v);
            uint32_t ve = fl_dsp_sxtb16(vv);      /* (v0, v2) */
            uint32_t vo = fl_dsp_sxtb16_ror8(vv); /* (v1, v3) */
            uint32_t m = fl_dsp_load4(w);         /* r0c0 r1c0 r0c2 r1c2 */
            a0 = fl_dsp_smlad(fl_dsp_sxtb16(m), ve, a0);
            a1 = fl_dsp_smlad(fl_dsp_sxtb16_ror8(m), ve, a1);
            m = fl_dsp_load4(w + 4);              /* r2c0 r3c0 r2c2 r3c2 */
            a2 = fl_dsp_smlad(fl_dsp_sxtb16(m), ve, a2);
            a3 = fl_dsp_smlad(fl_dsp_sxtb16_ror8(m), ve, a3);
            m = fl_dsp_load4(w + 8);              /* r0c1 r1c1 r0c3 r1c3 */
            a0 = fl_dsp_smlad(fl_dsp_sxtb16(m), vo, a0);
            a1 = fl_dsp_smlad(fl_dsp_sxtb16_ror8(m), vo, a1);
            m = fl_dsp_load4(w + 12);             /* r2c1 r3c1 r2c3 r3c3 */
            a2 = fl_dsp_smlad(fl_dsp_sxtb16(m), vo, a2);
            a3 = fl_dsp_smlad(fl_dsp_sxtb16_ror8(m), vo, a3);
            v += 4;
            w += 16;
        }
        for (j = cols4; j < cols; j++) { /* leftover columns: r0j r1j r2j r3j */
            int32_t x = vec[j];
            a0 += (uint32_t)((int32_t)w[0] * x);
            a1 += (uint32_t)((int32_t)w[1] * x);
            a2 += (uint32_t)((int32_t)w[2] * x);
            a3 += (uint32_t)((int32_t)w[3] * x);
            w += 4;
        }
        out[rg] = fl_nn_q7_out(a0, shift);
        out[rg + 1] = fl_nn_q7_out(a1, shift);
        out[rg + 2] = fl_nn_q7_out(a2, shift);
        out[rg + 3] = fl_nn_q7_out(a3, shift);
    }
    for (r = rows4; r < rows; r++) { /* leftover rows are stored plainly, row-major */
        uint32_t acc = fl_nn_q7_acc_init(bias != NULL ? bias[r] : 0, shift);
        acc = fl_nn_dsp_dot_1x1(vec, w, cols, 0, acc);
        w += cols;
        out[r] = fl_nn_q7_out(acc, shift);
    }
    return FL_OK;
}
