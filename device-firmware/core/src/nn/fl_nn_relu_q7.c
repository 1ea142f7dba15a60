/* SPDX-License-Identifier: MIT */
/* ReLU for q7 tensors (arm_relu_q7 semantics, but with a size_t count: the camera's uint16_t count truncation
 * is applied by the model runner in camera mode, not here). */
#include "fl_nn_support.h"

fl_status_t fl_nn_relu_q7(int8_t *data, size_t n)
{
    size_t i;
    if (data == NULL && n != 0u) {
        return FL_ERR_ARG;
    }
    for (i = 0; i < n; i++) {
        if (data[i] < 0) {
            data[i] = 0;
        }
    }
    return FL_OK;
}
