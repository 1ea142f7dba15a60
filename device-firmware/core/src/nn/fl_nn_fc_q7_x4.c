/* SPDX-License-Identifier: MIT */
/* Fully connected, legacy q7 scheme, weights in the x4-interleaved order of arm_fully_connected_q7_opt as
 * written by OpenMV's nn_convert.py (convert_to_x4_weights):
 *  - rows in groups of 4 (r0..r3); per 4-column block (c0..c3) 16 bytes
 *      r0c0 r1c0 r0c2 r1c2 r2c0 r3c0 r2c2 r3c2 r0c1 r1c1 r0c3 r1c3 r2c1 r3c1 r2c3 r3c3
 *    then, per leftover column j: r0j r1j r2j r3j;
 *  - the rows >= 4*floor(rows/4) follow plainly, row-major.
 * The arithmetic is the same as fl_nn_fc_q7; only the addressing differs, so weights can stay in flash. */
#include "fl_nn_support.h"

/* Position of (row rr, column cc) inside a 16-byte block; rr, cc in 0..3. */
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
    int32_t rg, r, j, rr, cc;
    int32_t rows4 = rows & ~3;
    int32_t cols4 = cols & ~3;
    const int8_t *w = weights_x4;
    if (shift == NULL || vec == NULL || weights_x4 == NULL || out == NULL || !fl_nn_fc_shape_ok(rows, cols) ||
        !fl_nn_q7_shift_ok(shift)) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_nn_ctx_check(ctx, fl_nn_fc_q7_scratch_size(cols)));
    for (rg = 0; rg < rows4; rg += 4) {
        uint32_t acc[4];
        for (rr = 0; rr < 4; rr++) {
            acc[rr] = fl_nn_q7_acc_init(bias != NULL ? bias[rg + rr] : 0, shift);
        }
        for (j = 0; j < cols4; j += 4) {
            for (rr = 0; rr < 4; rr++) {
                for (cc = 0; cc < 4; cc++) {
                    acc[rr] += (uint32_t)((int32_t)w[block_pos(rr, cc)] * (int32_t)vec[j + cc]);
                }
            }
            w += 16;
        }
        for (j = cols4; j < cols; j++) {
            for (rr = 0; rr < 4; rr++) {
                acc[rr] += (uint32_t)((int32_t)w[rr] * (int32_t)vec[j]);
            }
            w += 4;
        }
        for (rr = 0; rr < 4; rr++) {
            out[rg + rr] = fl_nn_q7_out(acc[rr], shift);
        }
    }
    for (r = rows4; r < rows; r++) {
        uint32_t acc = fl_nn_q7_acc_init(bias != NULL ? bias[r] : 0, shift);
        for (j = 0; j < cols; j++) {
            acc += (uint32_t)((int32_t)w[j] * (int32_t)vec[j]);
        }
        w += cols;
        out[r] = fl_nn_q7_out(acc, shift);
    }
    return FL_OK;
}
