/* SPDX-License-Identifier: MIT */
/* ReLU for int8 tensors with a zero point: x = max(x, zero_point). */
#include "fl_nn_support.h"

fl_status_t fl_nn_relu_s8(int8_t *data, size_t n, int8_t zero_point)
{
    size_t i;
    if (data == NULL && n != 0u) {
        return FL_ERR_ARG;
    }
    for (i = 0; i < n; i++) {
        if (data[i] < zero_point) {
            data[i] = zero_point;
        }
    }
    return FL_OK;
}
