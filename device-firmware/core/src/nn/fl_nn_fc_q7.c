/* SPDX-License-Identifier: MIT */
/* Fully connected, legacy q7 scheme, row-major weights (arm_fully_connected_q7). */
#include "fl_nn_support.h"

size_t fl_nn_fc_q7_scratch_size(int32_t cols)
{
    (void)cols;
    return 0u; /* the DSP variant (fl_nn_fc_q7_dsp.c) needs none either */
}

fl_status_t fl_nn_fc_q7(const fl_nn_ctx_t *ctx, const fl_nn_q7_shift_t *shift, const int8_t *vec, int32_t cols,
                        const int8_t *weights, const int8_t *bias, int32_t rows, int8_t *out)
{
    int32_t r, j;
    if (shift == NULL || vec == NULL || weights == NULL || out == NULL || !fl_nn_fc_shape_ok(rows, cols) ||
        !fl_nn_q7_shift_ok(shift)) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_fc_q7_scratch_size(cols)));
    for (r = 0; r < rows; r++) {
        const int8_t *w = weights + (size_t)r * (size_t)cols;
        uint32_t acc = fl_nn_q7_acc_init(bias != NULL ? bias[r] : 0, shift);
        for (j = 0; j < cols; j++) {
            acc += (uint32_t)((int32_t)w[j] * (int32_t)vec[j]);
        }
        out[r] = fl_nn_q7_out(acc, shift);
    }
    return FL_OK;
}
