/* SPDX-License-Identifier: MIT */
/* Fully connected, int8 (arm_fully_connected_s8 semantics: per-tensor quant, filter offset 0). */
#include "fl_nn_support.h"

size_t fl_nn_fc_s8_scratch_size(int32_t cols)
{
    (void)cols;
    return 0u; /* the DSP variant of arm_fully_connected_s8 needs none either */
}

fl_status_t fl_nn_fc_s8(const fl_nn_ctx_t *ctx, const fl_nn_fc_s8_params_t *p, const fl_nn_per_tensor_quant_t *q,
                        const int8_t *vec, int32_t cols, const int8_t *weights, const int32_t *bias, int32_t rows,
                        int8_t *out)
{
    int32_t r, j;
    if (p == NULL || q == NULL || vec == NULL || weights == NULL || out == NULL || !fl_nn_fc_shape_ok(rows, cols) ||
        !fl_nn_act_ok(&p->act) || !fl_nn_s8_offsets_ok(p->input_offset, p->output_offset)) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_fc_s8_scratch_size(cols)));
    for (r = 0; r < rows; r++) {
        const int8_t *w = weights + (size_t)r * (size_t)cols;
        uint32_t acc = bias != NULL ? (uint32_t)bias[r] : 0u;
        int32_t v;
        for (j = 0; j < cols; j++) {
            acc += (uint32_t)((int32_t)w[j] * ((int32_t)vec[j] + p->input_offset));
        }
        v = fl_nn_requant(fl_nn_u2s(acc), q->multiplier, q->shift);
        v = fl_nn_clamp(fl_nn_u2s((uint32_t)v + (uint32_t)p->output_offset), p->act.min, p->act.max);
        out[r] = (int8_t)v;
    }
    return FL_OK;
}
