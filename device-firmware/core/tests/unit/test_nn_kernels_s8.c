/* SPDX-License-Identifier: MIT */
/* Hand-computed cases for the int8 (TFLite Micro / CMSIS-NN s8) kernels. */
#include <stdint.h>

#include "fl/fl_nn.h"
#include "fl_test.h"

#define Q_HALF (1 << 30)     /* multiplier 0.5 */
#define Q_ONE INT32_MAX      /* multiplier 1 - 2^-31 */

static fl_nn_dims_t dims(int32_t n, int32_t h, int32_t w, int32_t c)
{
    fl_nn_dims_t d;
    d.n = n;
    d.h = h;
    d.w = w;
    d.c = c;
    return d;
}

static fl_nn_hw_t hw(int32_t h, int32_t w)
{
    fl_nn_hw_t v;
    v.h = h;
    v.w = w;
    return v;
}

static fl_nn_act_t act(int32_t lo, int32_t hi)
{
    fl_nn_act_t a;
    a.min = lo;
    a.max = hi;
    return a;
}

/* Scratch for the convolutions below (their short filter rows ask for im2col columns, see
 * fl_nn_conv_s8_scratch_size); sized like a caller would, from the twin. */
static uint8_t g_conv_scratch[256];
static const fl_nn_ctx_t g_conv_ctx = {g_conv_scratch, sizeof g_conv_scratch};

static void test_requantize_rounding(void)
{
    /* doubling high mult: (a*b + 2^30) >> 31, i.e. round half UP: 100*0.5 = 50, 101*0.5 = 50.5 -> 51,
     * -101*0.5 = -50.5 -> -50 (not -51: the no-sat variant is not symmetric). */
    FL_CHECK_EQ_INT(50, fl_nn_requantize(100, Q_HALF, 0));
    FL_CHECK_EQ_INT(51, fl_nn_requantize(101, Q_HALF, 0));
    FL_CHECK_EQ_INT(-50, fl_nn_requantize(-101, Q_HALF, 0));
    /* right shift rounds half away from zero: 3 * (1-2^-31) -> 3, /2 = 1.5 -> 2; -3 -> -3 then -1.5 -> -2. */
    FL_CHECK_EQ_INT(2, fl_nn_requantize(3, Q_ONE, -1));
    FL_CHECK_EQ_INT(-2, fl_nn_requantize(-3, Q_ONE, -1));
    /* -5 / 4 = -1.25 -> -1; -6/4 = -1.5 -> -2; 6/4 = 1.5 -> 2 */
    FL_CHECK_EQ_INT(-1, fl_nn_requantize(-5, Q_ONE, -2));
    FL_CHECK_EQ_INT(-2, fl_nn_requantize(-6, Q_ONE, -2));
    FL_CHECK_EQ_INT(2, fl_nn_requantize(6, Q_ONE, -2));
    /* left shift first: 3 << 1 = 6, * 0.5 = 3 */
    FL_CHECK_EQ_INT(3, fl_nn_requantize(3, Q_HALF, 1));
}

static void test_conv_s8_offsets_bias_clamp(void)
{
    /* x = (10, -10), input zero point -5 (offset +5): acc = 7 + 2*15 + 3*(-5) = 22; *0.5 = 11; -3 -> 8. */
    const int8_t x[2] = {10, -10};
    const int8_t w[2] = {2, 3};
    const int32_t bias[1] = {7};
    const int32_t m[1] = {Q_HALF};
    const int32_t s[1] = {0};
    int8_t o = 0;
    fl_nn_dims_t id = dims(1, 1, 1, 2), fd = dims(1, 1, 1, 2), od = dims(1, 1, 1, 1);
    fl_nn_conv_s8_params_t p;
    fl_nn_per_channel_quant_t q;
    q.multiplier = m;
    q.shift = s;
    p.input_offset = 5;
    p.output_offset = -3;
    p.stride = hw(1, 1);
    p.pad = hw(0, 0);
    p.act = act(-128, 127);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_s8(&g_conv_ctx, &p, &q, &id, x, &fd, w, bias, &od, &o));
    FL_CHECK_EQ_INT(8, o);
    p.act = act(10, 127);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_s8(&g_conv_ctx, &p, &q, &id, x, &fd, w, bias, &od, &o));
    FL_CHECK_EQ_INT(10, o);
    /* offsets out of their TFLM range are rejected */
    p.input_offset = 129;
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_nn_conv_s8(&g_conv_ctx, &p, &q, &id, x, &fd, w, bias, &od, &o));
}

static void test_conv_s8_padding_is_zero_point(void)
{
    /* 1x1 input 4, input offset 1, 3x3 ones, pad 1: only the centre tap counts: (4+1) = 5. */
    const int8_t x[1] = {4};
    int8_t w[9];
    const int32_t m[1] = {Q_ONE};
    const int32_t s[1] = {0};
    int8_t o = 0;
    int i;
    fl_nn_dims_t id = dims(1, 1, 1, 1), fd = dims(1, 3, 3, 1), od = dims(1, 1, 1, 1);
    fl_nn_conv_s8_params_t p;
    fl_nn_per_channel_quant_t q;
    for (i = 0; i < 9; i++) {
        w[i] = 1;
    }
    q.multiplier = m;
    q.shift = s;
    p.input_offset = 1;
    p.output_offset = 0;
    p.stride = hw(1, 1);
    p.pad = hw(1, 1);
    p.act = act(-128, 127);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_s8(&g_conv_ctx, &p, &q, &id, x, &fd, w, NULL, &od, &o));
    FL_CHECK_EQ_INT(5, o);
}

static void test_dwconv_s8_channel_multiplier_and_saturation(void)
{
    /* x = 3, ch_mult 2, w = (2, -1): 6 * (1-2^-31) -> 6; -3 * (1-2^-31) = -2.9999.. + .5 -> floor -3.
     * Third case: 100 * 100 = 10000 -> saturates at the act max 127. */
    const int8_t x[1] = {3};
    const int8_t w[2] = {2, -1};
    const int32_t m[2] = {Q_ONE, Q_ONE};
    const int32_t s[2] = {0, 0};
    int8_t o[2];
    fl_nn_dims_t id = dims(1, 1, 1, 1), fd = dims(1, 1, 1, 2), od = dims(1, 1, 1, 2);
    fl_nn_dwconv_s8_params_t p;
    fl_nn_per_channel_quant_t q;
    q.multiplier = m;
    q.shift = s;
    p.input_offset = 0;
    p.output_offset = 0;
    p.ch_mult = 2;
    p.stride = hw(1, 1);
    p.pad = hw(0, 0);
    p.act = act(-128, 127);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_dwconv_s8(NULL, &p, &q, &id, x, &fd, w, NULL, &od, o));
    FL_CHECK_EQ_INT(6, o[0]);
    FL_CHECK_EQ_INT(-3, o[1]);
    {
        const int8_t x2[1] = {100};
        const int8_t w2[2] = {100, -100};
        FL_CHECK_EQ_INT(FL_OK, fl_nn_dwconv_s8(NULL, &p, &q, &id, x2, &fd, w2, NULL, &od, o));
        FL_CHECK_EQ_INT(127, o[0]);
        FL_CHECK_EQ_INT(-128, o[1]);
    }
}

static void test_fc_s8(void)
{
    /* v = (1 2), W = [[1 1], [2 -1]], bias (0, 10), shift +1 then *0.5 -> identity: 3, 10. */
    const int8_t v[2] = {1, 2};
    const int8_t w[4] = {1, 1, 2, -1};
    const int32_t b[2] = {0, 10};
    int8_t o[2];
    fl_nn_fc_s8_params_t p;
    fl_nn_per_tensor_quant_t q;
    p.input_offset = 0;
    p.output_offset = 0;
    p.act = act(-128, 127);
    q.multiplier = Q_HALF;
    q.shift = 1;
    FL_CHECK_EQ_INT(FL_OK, fl_nn_fc_s8(NULL, &p, &q, v, 2, w, b, 2, o));
    FL_CHECK_EQ_INT(3, o[0]);
    FL_CHECK_EQ_INT(10, o[1]);
}

static void test_pool_s8(void)
{
    /* avg of (-1, -2) = -1.5 -> -2 (half away from zero); (1, 2) -> 2; max with act clamp. */
    const int8_t neg[2] = {-1, -2};
    const int8_t pos[2] = {1, 2};
    int8_t o;
    fl_nn_dims_t id = dims(1, 1, 2, 1), od = dims(1, 1, 1, 1);
    fl_nn_pool_s8_params_t p;
    p.window = hw(1, 2);
    p.stride = hw(1, 2);
    p.pad = hw(0, 0);
    p.act = act(-128, 127);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_avgpool_s8(&p, &id, neg, &od, &o));
    FL_CHECK_EQ_INT(-2, o);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_avgpool_s8(&p, &id, pos, &od, &o));
    FL_CHECK_EQ_INT(2, o);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_maxpool_s8(&p, &id, neg, &od, &o));
    FL_CHECK_EQ_INT(-1, o);
    p.act = act(0, 127);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_maxpool_s8(&p, &id, neg, &od, &o));
    FL_CHECK_EQ_INT(0, o);
}

static void test_relu_s8(void)
{
    int8_t d[4] = {-10, -5, 3, 100};
    const int8_t e[4] = {-5, -5, 3, 100};
    int8_t d6[4] = {-10, -5, 3, 100};
    const int8_t e6[4] = {-5, -5, 3, 19};
    FL_CHECK_EQ_INT(FL_OK, fl_nn_relu_s8(d, 4, -5));
    FL_CHECK_MEM_EQ(e, d, 4);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_relu6_s8(d6, 4, -5, 19));
    FL_CHECK_MEM_EQ(e6, d6, 4);
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_nn_relu6_s8(d6, 4, 5, 4));
}

static void test_softmax_s8(void)
{
    /* Input scale 1/16, beta 1 (TFLM PreprocessSoftmaxScaling): 2^26/16 = 2^22 -> mult 2^30, shift 23;
     * diff_min = -floor(31 * 2^26 / 2^23) = -248. */
    int8_t u[4] = {0, 0, 0, 0};
    int8_t t[2] = {0, -16}; /* real diff -1.0: p = 0.7311, 0.2689 -> 187.2-128 = 59, 68.8-128 = -59 */
    int8_t h[3] = {127, -128, -128}; /* diff -255 < diff_min: exactly -128; the max gets ~1.0 -> 127 */
    FL_CHECK_EQ_INT(FL_OK, fl_nn_softmax_s8(u, 1, 4, 1 << 30, 23, -248, u));
    FL_CHECK(u[0] >= -65 && u[0] <= -63);
    FL_CHECK(u[0] == u[1] && u[1] == u[2] && u[2] == u[3]);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_softmax_s8(t, 1, 2, 1 << 30, 23, -248, t));
    FL_CHECK(t[0] >= 58 && t[0] <= 60);
    FL_CHECK(t[1] >= -60 && t[1] <= -58);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_softmax_s8(h, 1, 3, 1 << 30, 23, -248, h));
    FL_CHECK_EQ_INT(127, h[0]);
    FL_CHECK_EQ_INT(-128, h[1]);
    FL_CHECK_EQ_INT(-128, h[2]);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_requantize_rounding, passed);
    FL_RUN(test_conv_s8_offsets_bias_clamp, passed);
    FL_RUN(test_conv_s8_padding_is_zero_point, passed);
    FL_RUN(test_dwconv_s8_channel_multiplier_and_saturation, passed);
    FL_RUN(test_fc_s8, passed);
    FL_RUN(test_pool_s8, passed);
    FL_RUN(test_relu_s8, passed);
    FL_RUN(test_softmax_s8, passed);
    FL_TEST_MAIN_END(passed);
}
