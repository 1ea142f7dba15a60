/* SPDX-License-Identifier: MIT */
/* Fully connected, int8 (arm_fully_connected_s8 semantics): ARMv7E-M DSP variant of fl_nn_fc_s8.c (same
 * symbol, contract and output bits; nn.cmake FL_NN_DSP picks one). Three rows at a time: each 32-bit load of
 * the vector is widened once with SXTAB16 / SXTAB16 ROR #8, which adds the input offset to both lanes in the
 * same instruction, and feeds 6 SMLADs (12 MACs, fl_nn_dsp_dot_1x3, two column groups per pass); two leftover
 * rows share their widening the same way (fl_nn_dsp_dot_1x2). Requantization is prepared once
 * (fl_nn_dsp_rq_prepare; the fast form when the parameters allow), bit-identical to the portable
 * fl_nn_requant(). */
#include "fl_nn_dsp_support.h"

size_t fl_nn_fc_s8_scratch_size(int32_t cols)
{
    (void)cols;
    return 0u;
}

fl_status_t fl_nn_fc_s8(const fl_nn_ctx_t *ctx, const fl_nn_fc_s8_params_t *p, const fl_nn_per_tensor_quant_t *q,
                        const int8_t *vec, int32_t cols, const int8_t *weights, const int32_t *bias, int32_t rows,
                        int8_t *out)
{
    int32_t r, k;
    size_t n;
    fl_nn_dsp_epi_t e;
    fl_nn_dsp_rq_t rq;
    if (p == NULL || q == NULL || vec == NULL || weights == NULL || out == NULL || !fl_nn_fc_shape_ok(rows, cols) ||
        !fl_nn_act_ok(&p->act) || !fl_nn_s8_offsets_ok(p->input_offset, p->output_offset)) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_fc_s8_scratch_size(cols)));
    rq = fl_nn_dsp_rq_prepare(q->multiplier, q->shift, p->output_offset);
    e.rq = &rq;
    e.first = 0;
    e.end = 1;
    e.out_offset = p->output_offset;
    e.act_min = p->act.min;
    e.act_max = p->act.max;
    e.mode = fl_nn_dsp_epi_mode(fl_nn_dsp_rq_fast_ok(q->multiplier, q->shift), e.act_min, e.act_max);
    n = (size_t)cols;
    for (r = 0; r + 3 <= rows; r += 3) {
        const int8_t *w = weights + (size_t)r * n;
        const int32_t len4 = cols >> 2;
        int32_t j;
        uint32_t acc[3];
        for (k = 0; k < 3; k++) {
            acc[k] = bias != NULL ? (uint32_t)bias[r + k] : 0u;
        }
        fl_nn_dsp_dot_1x3(vec, w, n, len4, fl_nn_dsp_dup16(p->input_offset), acc);
        for (j = len4 * 4; j < cols; j++) {
            int32_t xs = (int32_t)vec[j] + p->input_offset;
            for (k = 0; k < 3; k++) {
                acc[k] += (uint32_t)((int32_t)w[(size_t)k * n + (size_t)j] * xs);
            }
        }
        for (k = 0; k < 3; k++) {
            out[r + k] = fl_nn_dsp_epi(acc[k], e, 0);
        }
    }
    if (r + 2 <= rows) {
        const int8_t *w = weights + (size_t)r * n;
        uint32_t acc[2];
        acc[0] = bias != NULL ? (uint32_t)bias[r] : 0u;
        acc[1] = bias != NULL ? (uint32_t)bias[r + 1] : 0u;
        fl_nn_dsp_dot_1x2(vec, w, w + n, cols, p->input_offset, acc);
        out[r] = fl_nn_dsp_epi(acc[0], e, 0);
        out[r + 1] = fl_nn_dsp_epi(acc[1], e, 0);
        r += 2;
    }
    for (; r < rows; r++) {
        uint32_t acc = bias != NULL ? (uint32_t)bias[r] : 0u;
        acc = fl_nn_dsp_dot_1x1(vec, weights + (size_t)r * n, cols, p->input_offset, acc);
        out[r] = fl_nn_dsp_epi(acc, e, 0);
    }
    return FL_OK;
}
