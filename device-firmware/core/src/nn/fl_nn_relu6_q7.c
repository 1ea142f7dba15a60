/* SPDX-License-Identifier: MIT */
/* ReLU6 for q7 tensors with frac_bits fractional bits: clamp to [0, 6.0] where 6.0 = 6 << frac_bits
 * saturated to 127. */
#include "fl_nn_support.h"

fl_status_t fl_nn_relu6_q7(int8_t *data, size_t n, uint32_t frac_bits)
{
    size_t i;
    int32_t six;
    if ((data == NULL && n != 0u) || frac_bits > 7u) {
        return FL_ERR_ARG;
    }
    six = (int32_t)(6u << frac_bits);
    six = six > 127 ? 127 : six;
    for (i = 0; i < n; i++) {
        data[i] = (int8_t)fl_nn_clamp(data[i], 0, six);
    }
    return FL_OK;
}
