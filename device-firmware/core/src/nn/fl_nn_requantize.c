/* SPDX-License-Identifier: MIT */
/* arm_nn_requantize (CMSIS-NN default build: double rounding, as TFLite Micro). */
#include "fl_nn_support.h"

int32_t fl_nn_requantize(int32_t val, int32_t multiplier, int32_t shift)
{
    return fl_nn_requant(val, multiplier, shift);
}
