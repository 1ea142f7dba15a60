/* SPDX-License-Identifier: MIT */
/* Fully connected, int8 (arm_fully_connected_s8 semantics): ARMv7E-M DSP variant of fl_nn_fc_s8.c (same
 * symbol, contract and output bits; nn.cmake FL_NN_DSP picks one). Four rows at a time: each 32-bit load of
 * the vector is widened once with SXTAB16 / SXTAB16 ROR #8, which adds the input offset to both lanes in the
 * same instruction, and feeds 8 SMLADs (16 MACs, fl_nn_dsp_dot_1x4). Requantization is the portable
 * fl_nn_requant(). */
#include "fl_nn_dsp_support.h"

size_t fl_nn_fc_s8_scratch_size(int32_t cols)
{
    (void)cols;
    return 0u;
}

/* The portable kernel's epilogue: requantize, add the output offset (wrapping like the M7), clamp. */
static int8_t finish(uint32_t acc, const fl_nn_fc_s8_params_t *p, const fl_nn_per_tensor_quant_t *q)
{
    int32_t v = fl_nn_requant(fl_nn_u2s(acc), q->multiplier, q->shift);
    return (int8_t)fl_nn_clamp(fl_nn_u2s((uint32_t)v + (uint32_t)p->output_offset), p->act.min, p->act.max);
}

fl_status_t fl_nn_fc_s8(const fl_nn_ctx_t *ctx, const fl_nn_fc_s8_params_t *p, const fl_nn_per_tensor_quant_t *q,
                        const int8_t *vec, int32_t cols, const int8_t *weights, const int32_t *bias, int32_t rows,
                        int8_t *out)
{
    int32_t r, k;
    size_t n;
    if (p == NULL || q == NULL || vec == NULL || weights == NULL || out == NULL || !fl_nn_fc_shape_ok(rows, cols) ||
        !fl_nn_act_ok(&p->act) || !fl_nn_s8_offsets_ok(p->input_offset, p->output_offset)) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_fc_s8_scratch_size(cols)));
    n = (size_t)cols;
    for (r = 0; r + 4 <= rows; r += 4) {
        const int8_t *w = weights + (size_t)r * n;
        uint32_t acc[4];
        for (k = 0; k < 4; k++) {
            acc[k] = bias != NULL ? (uint32_t)bias[r + k] : 0u;
        }
        fl_nn_dsp_dot_1x4(vec, w, w + n, w + 2u * n, w + 3u * n, cols, p->input_offset, acc);
        for (k = 0; k < 4; k++) {
            out[r + k] = finish(acc[k], p, q);
        }
    }
    for (; r < rows; r++) {
        uint32_t acc = bias != NULL ? (uint32_t)bias[r] : 0u;
        acc = fl_nn_dsp_dot_1x1(vec, weights + (size_t)r * n, cols, p->input_offset, acc);
        out[r] = finish(acc, p, q);
    }
    return FL_OK;
}
