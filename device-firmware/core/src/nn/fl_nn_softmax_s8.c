/* SPDX-License-Identifier: MIT */
/* Softmax, int8 -> int8, bit-exact port of CMSIS-NN arm_softmax_s8 / arm_nn_softmax_common_s8 (portable path),
 * which follows TFLite Micro: gemmlowp fixed-point exp on negative values (5 integer bits), a 12-bit
 * accumulator, Newton-Raphson 1/(1+x). Output: zero point -128, scale 1/256. */
#include "fl_nn_support.h"

#define ACCUM_BITS 12

static int32_t mask_if_non_zero(int32_t x)
{
    return x != 0 ? -1 : 0;
}

static int32_t select_mask(int32_t mask, int32_t a, int32_t b)
{
    return (mask & a) ^ (~mask & b);
}

static int32_t wrap_add(int32_t a, int32_t b)
{
    return fl_nn_u2s((uint32_t)a + (uint32_t)b);
}

static int32_t wrap_sub(int32_t a, int32_t b)
{
    return fl_nn_u2s((uint32_t)a - (uint32_t)b);
}

static int32_t exp_on_negative_values(int32_t val)
{
    int32_t mask;
    int32_t shift = 24;
    const int32_t val_mod_minus_quarter = wrap_sub(val & ((1 << shift) - 1), 1 << shift);
    const int32_t remainder = wrap_sub(val_mod_minus_quarter, val);
    const int32_t x = wrap_add(fl_nn_shl_wrap(val_mod_minus_quarter, 5), 1 << 28);
    const int32_t x2 = fl_nn_dhm_sat(x, x);
    int32_t result = wrap_add(
        1895147668,
        fl_nn_dhm_sat(1895147668,
                      wrap_add(x, fl_nn_div_pow2(wrap_add(fl_nn_dhm_sat(wrap_add(fl_nn_div_pow2(fl_nn_dhm_sat(x2, x2), 2),
                                                                                 fl_nn_dhm_sat(x2, x)),
                                                                        715827883),
                                                          x2),
                                                 1))));
    static const int32_t k[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
    int i;
    for (i = 0; i < 7; i++) {
        mask = mask_if_non_zero(remainder & (int32_t)(1u << (uint32_t)shift));
        shift++;
        result = select_mask(mask, fl_nn_dhm_sat(result, k[i]), result);
    }
    mask = val == 0 ? -1 : 0;
    return select_mask(mask, INT32_MAX, result);
}

static int32_t mult_by_power_of_two(int32_t val, int32_t exp)
{
    const int32_t thresh = (int32_t)((1u << (uint32_t)(31 - exp)) - 1u);
    int32_t result = fl_nn_shl_wrap(val, (uint32_t)exp);
    result = select_mask(mask_if_non_zero(val > thresh), INT32_MAX, result);
    result = select_mask(mask_if_non_zero(val < -thresh), INT32_MIN, result);
    return result;
}

static int32_t one_over_one_plus_x_for_x_in_0_1(int32_t val)
{
    const int64_t sum = (int64_t)val + (int64_t)INT32_MAX;
    const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
    int32_t x = wrap_add(1515870810, fl_nn_dhm_sat(half_denominator, -1010580540));
    const int32_t shift = 1 << 29;
    int i;
    for (i = 0; i < 3; i++) {
        x = wrap_add(x, mult_by_power_of_two(fl_nn_dhm_sat(x, wrap_sub(shift, fl_nn_dhm_sat(half_denominator, x))), 2));
    }
    return mult_by_power_of_two(x, 1);
}

static int32_t clz32(uint32_t v)
{
    int32_t n = 0;
    if (v == 0u) {
        return 32;
    }
    while ((v & 0x80000000u) == 0u) {
        v <<= 1;
        n++;
    }
    return n;
}

fl_status_t fl_nn_softmax_s8(const int8_t *in, int32_t rows, int32_t row_size, int32_t mult, int32_t shift,
                             int32_t diff_min, int8_t *out)
{
    int32_t r, col;
    if (in == NULL || out == NULL || rows < 1 || row_size < 1 || shift < 0 || shift > 31 ||
        (int64_t)rows * row_size > FL_NN_MAX_ELEMS) {
        return FL_ERR_ARG;
    }
    for (r = 0; r < rows; r++) {
        const int8_t *x = in + (size_t)r * (size_t)row_size;
        int8_t *y = out + (size_t)r * (size_t)row_size;
        int8_t max = x[0];
        int32_t sum = 0;
        int32_t headroom, shifted_scale, bits_over_unit;
        for (col = 1; col < row_size; col++) {
            max = x[col] > max ? x[col] : max;
        }
        for (col = 0; col < row_size; col++) {
            int32_t diff = x[col] - max;
            if (diff >= diff_min) {
                sum = wrap_add(sum, fl_nn_div_pow2(exp_on_negative_values(fl_nn_dhm_sat(fl_nn_shl_wrap(diff, (uint32_t)shift), mult)),
                                                   ACCUM_BITS));
            }
        }
        headroom = clz32((uint32_t)sum);
        shifted_scale = one_over_one_plus_x_for_x_in_0_1(
            fl_nn_u2s((sum > 0 ? (uint32_t)sum << (uint32_t)headroom : 0u) - 0x80000000u));
        bits_over_unit = ACCUM_BITS - headroom + 23;
        for (col = 0; col < row_size; col++) {
            int32_t diff = x[col] - max;
            if (diff >= diff_min) {
                int32_t e = exp_on_negative_values(fl_nn_dhm_sat(fl_nn_shl_wrap(diff, (uint32_t)shift), mult));
                int32_t res = fl_nn_div_pow2(fl_nn_dhm_sat(shifted_scale, e), bits_over_unit) - 128;
                y[col] = (int8_t)fl_nn_clamp(res, -128, 127);
            } else {
                y[col] = -128;
            }
        }
    }
    return FL_OK;
}
