/* SPDX-License-Identifier: MIT */
/* Softmax, bit-exact with legacy CMSIS-NN arm_softmax_q7: a base-2 softmax in Q0.7,
 * base = max - 8; sum = sum over x > base of 2^min(x - base, 31); ob = 2^20 / sum;
 * out = x > base ? SSAT8(ob >> min(13 + base - x, 31)) : 0. (out/128 ~ 2^x / sum 2^x, truncated; a
 * certain class saturates at 127, values <= max - 8 become 0.) */
#include "fl_nn_support.h"

static uint32_t usat5(int32_t v)
{
    return (uint32_t)(v < 0 ? 0 : (v > 31 ? 31 : v));
}

fl_status_t fl_nn_softmax_q7(const int8_t *in, int32_t n, int8_t *out)
{
    int32_t i;
    int32_t base = -257;
    int32_t sum = 0;
    int32_t output_base;
    if (in == NULL || out == NULL || n < 1 || n > 65535) {
        return FL_ERR_ARG;
    }
    for (i = 0; i < n; i++) {
        if (in[i] > base) {
            base = in[i];
        }
    }
    base -= 8;
    for (i = 0; i < n; i++) {
        if (in[i] > base) {
            /* Each term is at most 2^8, so sum <= 65535 * 256: no overflow. */
            sum += (int32_t)(1u << usat5(in[i] - base));
        }
    }
    output_base = 0x100000 / sum;
    for (i = 0; i < n; i++) {
        if (in[i] > base) {
            out[i] = fl_nn_ssat8(output_base >> usat5(13 + base - in[i]));
        } else {
            out[i] = 0;
        }
    }
    return FL_OK;
}
