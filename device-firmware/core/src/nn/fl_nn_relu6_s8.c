/* SPDX-License-Identifier: MIT */
/* ReLU6 for int8 tensors: x = clamp(x, zero_point, six), six = round(6 / scale) + zero_point (saturated). */
#include "fl_nn_support.h"

fl_status_t fl_nn_relu6_s8(int8_t *data, size_t n, int8_t zero_point, int8_t six)
{
    size_t i;
    if ((data == NULL && n != 0u) || six < zero_point) {
        return FL_ERR_ARG;
    }
    for (i = 0; i < n; i++) {
        data[i] = (int8_t)fl_nn_clamp(data[i], zero_point, six);
    }
    return FL_OK;
}
