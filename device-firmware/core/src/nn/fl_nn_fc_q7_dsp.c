/* SPDX-License-Identifier: MIT */
/* Fully connected, legacy q7 scheme, row-major weights: ARMv7E-M DSP variant of fl_nn_fc_q7.c (same symbol,
 * contract and output bits; nn.cmake FL_NN_DSP picks one). Three rows at a time: each 32-bit load of the
 * vector is widened once (SXTAB16 with a zero offset, i.e. SXTB16) and feeds 6 SMLADs, i.e. 12 MACs
 * (fl_nn_dsp_dot_1x3, the s8 kernel's loop, two column groups per pass in 13 registers; four rows in C made
 * GCC 12 spill inside the loop). arm_fully_connected_q7 widened the vector into a q15 buffer first; widening in
 * registers needs no scratch. */
#include "fl_nn_dsp_support.h"

size_t fl_nn_fc_q7_scratch_size(int32_t cols)
{
    (void)cols;
    return 0u;
}

fl_status_t fl_nn_fc_q7(const fl_nn_ctx_t *ctx, const fl_nn_q7_shift_t *shift, const int8_t *vec, int32_t cols,
                        const int8_t *weights, const int8_t *bias, int32_t rows, int8_t *out)
{
    int32_t r, k;
    size_t n;
    if (shift == NULL || vec == NULL || weights == NULL || out == NULL || !fl_nn_fc_shape_ok(rows, cols) ||
        !fl_nn_q7_shift_ok(shift)) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_fc_q7_scratch_size(cols)));
    n = (size_t)cols;
    for (r = 0; r + 3 <= rows; r += 3) {
        const int8_t *w = weights + (size_t)r * n;
        const int32_t len4 = cols >> 2;
        int32_t j;
        uint32_t acc[3];
        for (k = 0; k < 3; k++) {
            acc[k] = fl_nn_q7_acc_init(bias != NULL ? bias[r + k] : 0, shift);
        }
        fl_nn_dsp_dot_1x3(vec, w, n, len4, 0u, acc);
        for (j = len4 * 4; j < cols; j++) {
            for (k = 0; k < 3; k++) {
                acc[k] += (uint32_t)((int32_t)w[(size_t)k * n + (size_t)j] * (int32_t)vec[j]);
            }
        }
        for (k = 0; k < 3; k++) {
            out[r + k] = fl_nn_q7_out(acc[k], shift);
        }
    }
    for (; r < rows; r++) {
        uint32_t acc = fl_nn_q7_acc_init(bias != NULL ? bias[r] : 0, shift);
        acc = fl_nn_dsp_dot_1x1(vec, weights + (size_t)r * n, cols, 0, acc);
        out[r] = fl_nn_q7_out(acc, shift);
    }
    return FL_OK;
}
