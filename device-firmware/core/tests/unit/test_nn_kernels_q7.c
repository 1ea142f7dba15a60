/* SPDX-License-Identifier: MIT */
/* Hand-computed cases for the legacy q7 kernels (values worked out in the comments). */
#include <stdint.h>

#include "fl/fl_nn.h"
#include "fl_test.h"

static fl_nn_dims_t dims(int32_t h, int32_t w, int32_t c)
{
    fl_nn_dims_t d;
    d.n = 1;
    d.h = h;
    d.w = w;
    d.c = c;
    return d;
}

static fl_nn_dims_t fdims(int32_t n, int32_t h, int32_t w, int32_t c)
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

static fl_nn_conv_q7_params_t conv_params(int32_t stride, int32_t pad_h, int32_t pad_w, uint32_t l, uint32_t r,
                                          fl_nn_q7_rounding_t rnd)
{
    fl_nn_conv_q7_params_t p;
    p.stride = hw(stride, stride);
    p.pad = hw(pad_h, pad_w);
    p.shift.bias_lshift = l;
    p.shift.out_rshift = r;
    p.shift.rounding = rnd;
    return p;
}

static fl_nn_pool_params_t pool(int32_t k, int32_t s, int32_t pad)
{
    fl_nn_pool_params_t p;
    p.window = hw(k, k);
    p.stride = hw(s, s);
    p.pad = hw(pad, pad);
    return p;
}

/* Scratch for the conv calls below: short filter rows need the DSP variant's im2col columns, and both variants
 * report (and check) the same size. */
static uint8_t g_conv_scratch[256];

static fl_nn_ctx_t conv_ctx(const fl_nn_dims_t *id, const fl_nn_dims_t *fd)
{
    fl_nn_ctx_t c;
    c.buf = g_conv_scratch;
    c.size = fl_nn_conv_q7_scratch_size(id, fd);
    return c;
}

/* 1x1 "convolutions" give an accumulator we control exactly: acc = w * x. */
static int8_t conv1(int8_t x, int8_t w, int8_t bias, uint32_t l, uint32_t r, fl_nn_q7_rounding_t rnd)
{
    fl_nn_dims_t in = dims(1, 1, 1), f = fdims(1, 1, 1, 1), out = dims(1, 1, 1);
    fl_nn_conv_q7_params_t p = conv_params(1, 0, 0, l, r, rnd);
    int8_t o = 99;
    fl_nn_ctx_t ctx = conv_ctx(&in, &f);
    if (fl_nn_conv_q7(&ctx, &p, &in, &x, &f, &w, &bias, &out, &o) != FL_OK) {
        return 99;
    }
    return o;
}

static void test_conv_q7_truncation_rounding_saturation(void)
{
    /* acc = -3: >>1 floors to -2 (truncate build), (-3+1)>>1 = -1 with NN_ROUND. */
    FL_CHECK_EQ_INT(-2, conv1(-3, 1, 0, 0, 1, FL_NN_Q7_TRUNCATE));
    FL_CHECK_EQ_INT(-1, conv1(-3, 1, 0, 0, 1, FL_NN_Q7_ROUND));
    /* acc = 5: 2 truncated, 3 rounded. */
    FL_CHECK_EQ_INT(2, conv1(5, 1, 0, 0, 1, FL_NN_Q7_TRUNCATE));
    FL_CHECK_EQ_INT(3, conv1(5, 1, 0, 0, 1, FL_NN_Q7_ROUND));
    /* bias shift: acc = (-3 << 2) + 2*3 = -6; >> 2 = -2 (floor of -1.5). */
    FL_CHECK_EQ_INT(-2, conv1(3, 2, -3, 2, 2, FL_NN_Q7_TRUNCATE));
    /* saturation: 127*127 = 16129 >> 6 = 252 -> 127; -128*127 >> 6 = -254 -> -128. */
    FL_CHECK_EQ_INT(127, conv1(127, 127, 0, 0, 6, FL_NN_Q7_TRUNCATE));
    FL_CHECK_EQ_INT(-128, conv1(-128, 127, 0, 0, 6, FL_NN_Q7_TRUNCATE));
}

static void test_conv_q7_padding_stride_and_channels(void)
{
    /* 2x2 input, 3x3 all-ones filter, pad 1: every output window covers all four inputs -> 10. */
    const int8_t in[4] = {1, 2, 3, 4};
    int8_t w[9];
    int8_t out[4] = {0};
    const int8_t expect[4] = {10, 10, 10, 10};
    fl_nn_dims_t id = dims(2, 2, 1), fd = fdims(1, 3, 3, 1), od = dims(2, 2, 1), od1 = dims(1, 1, 1);
    fl_nn_conv_q7_params_t p = conv_params(1, 1, 1, 0, 0, FL_NN_Q7_TRUNCATE);
    int i;
    for (i = 0; i < 9; i++) {
        w[i] = 1;
    }
    fl_nn_ctx_t ctx = conv_ctx(&id, &fd);
    /* 3x1-channel rows: the im2col scratch (2 columns x 9 taps x int16) is required and checked */
    FL_CHECK_EQ_INT(36, fl_nn_conv_q7_scratch_size(&id, &fd));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_nn_conv_q7(NULL, &p, &id, in, &fd, w, NULL, &od, out));
    ctx.size--;
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_nn_conv_q7(&ctx, &p, &id, in, &fd, w, NULL, &od, out));
    ctx.size++;
    FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_q7(&ctx, &p, &id, in, &fd, w, NULL, &od, out));
    FL_CHECK_MEM_EQ(expect, out, 4);
    /* stride 2, pad 1 -> single output, window rows/cols -1..1 -> still 10. */
    p.stride = hw(2, 2);
    out[0] = 0;
    FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_q7(&ctx, &p, &id, in, &fd, w, NULL, &od1, out));
    FL_CHECK_EQ_INT(10, out[0]);
    {
        /* two input channels, two output channels: x = (3, -2); o0 = 3 - 2 = 1, o1 = 6 + 6 = 12. */
        const int8_t x[2] = {3, -2};
        const int8_t k[4] = {1, 1, 2, -3};
        int8_t o[2];
        fl_nn_dims_t xd = dims(1, 1, 2), kd = fdims(2, 1, 1, 2), xo = dims(1, 1, 2);
        fl_nn_conv_q7_params_t q = conv_params(1, 0, 0, 0, 0, FL_NN_Q7_TRUNCATE);
        fl_nn_ctx_t c2 = conv_ctx(&xd, &kd);
        FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_q7(&c2, &q, &xd, x, &kd, k, NULL, &xo, o));
        FL_CHECK_EQ_INT(1, o[0]);
        FL_CHECK_EQ_INT(12, o[1]);
    }
}

static void test_conv_q7_four_channel_columns(void)
{
    /* C_in % 4 == 0 takes the DSP variant's column-pair path: its scratch is 2 columns x K int16 in both
     * variants. 1x3 input of 4 channels, pixels (1..4), (5..8), (9..12), channel sums 10, 26, 42; 1x3 filter,
     * 3 output channels: all ones, ones on the centre tap only, all minus ones; pad_w 1. An odd pixel count
     * and an odd channel count exercise the lone pixel and the lone channel. */
    int8_t in[12], w[36], out[9];
    const int8_t e1[9] = {36, 10, -36, 78, 26, -78, 68, 42, -68};
    const int8_t e2[6] = {36, 10, -36, 68, 42, -68}; /* stride 2: windows at x = -1 and 1 */
    fl_nn_dims_t id = dims(1, 3, 4), fd = fdims(3, 1, 3, 4), o1 = dims(1, 3, 3), o2 = dims(1, 2, 3);
    fl_nn_conv_q7_params_t p = conv_params(1, 0, 1, 0, 0, FL_NN_Q7_TRUNCATE);
    fl_nn_ctx_t ctx = conv_ctx(&id, &fd);
    int i;
    for (i = 0; i < 12; i++) {
        in[i] = (int8_t)(i + 1);
        w[i] = 1;
        w[12 + i] = (int8_t)(i >= 4 && i < 8);
        w[24 + i] = -1;
    }
    FL_CHECK_EQ_INT(2 * 2 * 12, fl_nn_conv_q7_scratch_size(&id, &fd));
    ctx.size--;
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_nn_conv_q7(&ctx, &p, &id, in, &fd, w, NULL, &o1, out));
    ctx.size++;
    FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_q7(&ctx, &p, &id, in, &fd, w, NULL, &o1, out));
    FL_CHECK_MEM_EQ(e1, out, 9);
    p.stride = hw(1, 2);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_q7(&ctx, &p, &id, in, &fd, w, NULL, &o2, out));
    FL_CHECK_MEM_EQ(e2, out, 6);
    {
        /* the rule's edges: C_in % 4 != 0 with rows of 16 bytes or more needs none; so does a C_in % 4 == 0
         * filter of more than 65,536 taps, which keeps the windowed path */
        fl_nn_dims_t i6 = dims(8, 8, 6), f6 = fdims(2, 3, 3, 6);
        fl_nn_dims_t ib = dims(8, 8, 2624), fb = fdims(1, 5, 5, 2624);
        fl_nn_dims_t ic = dims(8, 8, 2620), fc = fdims(1, 5, 5, 2620);
        FL_CHECK_EQ_INT(0, fl_nn_conv_q7_scratch_size(&i6, &f6));
        FL_CHECK_EQ_INT(0, fl_nn_conv_q7_scratch_size(&ib, &fb));
        FL_CHECK_EQ_INT(4 * 5 * 5 * 2620, fl_nn_conv_q7_scratch_size(&ic, &fc));
    }
}

static void test_conv_q7_non_square_kernel(void)
{
    /* 1x4 input [1 2 3 4], 1x3 kernel of ones: valid -> [6 9]; pad_w 1 -> [3 6 9 7]. */
    const int8_t in[4] = {1, 2, 3, 4};
    const int8_t w[3] = {1, 1, 1};
    int8_t out[4];
    const int8_t e1[2] = {6, 9};
    const int8_t e2[4] = {3, 6, 9, 7};
    fl_nn_dims_t id = dims(1, 4, 1), fd = fdims(1, 1, 3, 1), o1 = dims(1, 2, 1), o2 = dims(1, 4, 1);
    fl_nn_conv_q7_params_t p = conv_params(1, 0, 0, 0, 0, FL_NN_Q7_TRUNCATE);
    fl_nn_ctx_t ctx = conv_ctx(&id, &fd);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_q7(&ctx, &p, &id, in, &fd, w, NULL, &o1, out));
    FL_CHECK_MEM_EQ(e1, out, 2);
    p.pad = hw(0, 1);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_q7(&ctx, &p, &id, in, &fd, w, NULL, &o2, out));
    FL_CHECK_MEM_EQ(e2, out, 4);
    /* mismatched channels are rejected before anything is written */
    fd.c = 2;
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_nn_conv_q7(&ctx, &p, &id, in, &fd, w, NULL, &o2, out));
}

static void test_dwconv_q7(void)
{
    /* ch0 = [1 2; 3 4] * 1 = 10, ch1 = [-1 -2; -3 -4] * 2 = -20, bias (1, -1) << 1 -> 12, -22; >> 1 -> 6, -11. */
    const int8_t in[8] = {1, -1, 2, -2, 3, -3, 4, -4};
    const int8_t w[8] = {1, 2, 1, 2, 1, 2, 1, 2};
    const int8_t b[2] = {1, -1};
    int8_t o[2];
    fl_nn_dims_t id = dims(2, 2, 2), fd = fdims(1, 2, 2, 2), od = dims(1, 1, 2);
    fl_nn_conv_q7_params_t p = conv_params(1, 0, 0, 1, 1, FL_NN_Q7_TRUNCATE);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_dwconv_q7(&p, &id, in, &fd, w, b, &od, o));
    FL_CHECK_EQ_INT(6, o[0]);
    FL_CHECK_EQ_INT(-11, o[1]);
}

static void test_fc_q7(void)
{
    /* W = [[1 2 3], [-1 -1 -1]], v = (1 1 1), bias (0, 1) << 2: acc = 6, 1; >> 1 -> 3, 0. */
    const int8_t v[3] = {1, 1, 1};
    const int8_t w[6] = {1, 2, 3, -1, -1, -1};
    const int8_t b[2] = {0, 1};
    int8_t o[2];
    fl_nn_q7_shift_t s;
    s.bias_lshift = 2;
    s.out_rshift = 1;
    s.rounding = FL_NN_Q7_TRUNCATE;
    FL_CHECK_EQ_INT(FL_OK, fl_nn_fc_q7(NULL, &s, v, 3, w, b, 2, o));
    FL_CHECK_EQ_INT(3, o[0]);
    FL_CHECK_EQ_INT(0, o[1]);
}

static void test_fc_q7_x4_layout_and_equivalence(void)
{
    /* The 16-byte block order from the converter: r0c0 r1c0 r0c2 r1c2 r2c0 r3c0 r2c2 r3c2 r0c1 r1c1 r0c3 ... */
    static const int32_t order_r[16] = {0, 1, 0, 1, 2, 3, 2, 3, 0, 1, 0, 1, 2, 3, 2, 3};
    static const int32_t order_c[16] = {0, 0, 2, 2, 0, 0, 2, 2, 1, 1, 3, 3, 1, 1, 3, 3};
    int i, r, c, rows, cols;
    for (i = 0; i < 16; i++) {
        FL_CHECK_EQ_INT(i, fl_nn_fc_q7_x4_index(4, 4, order_r[i], order_c[i]));
    }
    /* leftover column j=4 of a 4x5 matrix: r0j r1j r2j r3j after the first block */
    FL_CHECK_EQ_INT(16, fl_nn_fc_q7_x4_index(4, 5, 0, 4));
    FL_CHECK_EQ_INT(19, fl_nn_fc_q7_x4_index(4, 5, 3, 4));
    /* leftover rows are plain row-major after the groups: 6x5, row 4 col 0 -> 20 */
    FL_CHECK_EQ_INT(20, fl_nn_fc_q7_x4_index(6, 5, 4, 0));
    /* bijection + equivalence with the row-major kernel for awkward shapes */
    for (rows = 1; rows <= 9; rows++) {
        for (cols = 1; cols <= 11; cols++) {
            int8_t w[99], wx[99], v[11], o1[9], o2[9], b[9];
            uint8_t seen[99] = {0};
            fl_nn_q7_shift_t s;
            s.bias_lshift = 1;
            s.out_rshift = 3;
            s.rounding = FL_NN_Q7_TRUNCATE;
            for (r = 0; r < rows; r++) {
                b[r] = (int8_t)(r * 7 - 20);
                for (c = 0; c < cols; c++) {
                    size_t k = fl_nn_fc_q7_x4_index(rows, cols, r, c);
                    w[r * cols + c] = (int8_t)((r * 31 + c * 17) % 255 - 127);
                    FL_CHECK(k < (size_t)(rows * cols));
                    if (k < (size_t)(rows * cols)) {
                        seen[k]++;
                        wx[k] = w[r * cols + c];
                    }
                }
            }
            for (i = 0; i < rows * cols; i++) {
                FL_CHECK_EQ_INT(1, seen[i]);
            }
            for (c = 0; c < cols; c++) {
                v[c] = (int8_t)(c * 23 % 200 - 100);
            }
            FL_CHECK_EQ_INT(FL_OK, fl_nn_fc_q7(NULL, &s, v, cols, w, b, rows, o1));
            FL_CHECK_EQ_INT(FL_OK, fl_nn_fc_q7_x4(NULL, &s, v, cols, wx, b, rows, o2));
            FL_CHECK_MEM_EQ(o1, o2, (size_t)rows);
        }
    }
}

static void test_pool_q7_2d_max_and_floor_average(void)
{
    /* 2x2x1 window over [-1 -2; -3 -5]: max -1, average floor(-11/4) = -3 (truncation would give -2). */
    const int8_t in[4] = {-1, -2, -3, -5};
    int8_t o;
    fl_nn_dims_t id = dims(2, 2, 1), od = dims(1, 1, 1);
    fl_nn_pool_params_t p = pool(2, 2, 0);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_maxpool_q7(&p, &id, in, &od, &o));
    FL_CHECK_EQ_INT(-1, o);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_avgpool_q7(&p, &id, in, &od, &o));
    FL_CHECK_EQ_INT(-3, o);
    /* clipped (ceil-mode) last window: 3x1 input (5 6 7) wide, window 2 stride 2 -> [5 6], [7] */
    {
        const int8_t row[3] = {5, 6, 7};
        int8_t out[2];
        fl_nn_dims_t rd = dims(1, 3, 1), ro = dims(1, 2, 1);
        fl_nn_pool_params_t q = pool(2, 2, 0);
        q.window.h = 1;
        q.stride.h = 1;
        FL_CHECK_EQ_INT(FL_OK, fl_nn_avgpool_q7(&q, &rd, row, &ro, out));
        FL_CHECK_EQ_INT(5, out[0]);
        FL_CHECK_EQ_INT(7, out[1]);
    }
    /* a window that lies entirely in the padding is an argument error */
    {
        fl_nn_dims_t big = dims(3, 3, 1);
        fl_nn_pool_params_t q = pool(1, 1, 2);
        int8_t out9[9];
        FL_CHECK_EQ_INT(FL_ERR_ARG, fl_nn_maxpool_q7(&q, &id, in, &big, out9));
    }
}

static void test_pool_q7_legacy_quirks(void)
{
    /* 2x2x5 input, 2x2/2 max: channels 0..3 pooled; channel 4 (5 % 4 = 1 leftover) keeps element (0,0). */
    int8_t in[20];
    int8_t o[5];
    int8_t o2d[5];
    int i;
    fl_nn_dims_t id = dims(2, 2, 5), od = dims(1, 1, 5);
    fl_nn_pool_params_t p = pool(2, 2, 0);
    for (i = 0; i < 20; i++) {
        in[i] = (int8_t)(i % 5 == 4 ? (i == 4 ? 1 : 9) : i);
    }
    FL_CHECK_EQ_INT(FL_OK, fl_nn_maxpool_q7(&p, &id, in, &od, o2d));
    FL_CHECK_EQ_INT(FL_OK, fl_nn_maxpool_q7_legacy(&p, &id, in, &od, o));
    FL_CHECK_MEM_EQ(o2d, o, 4);
    FL_CHECK_EQ_INT(9, o2d[4]);
    FL_CHECK_EQ_INT(1, o[4]);
    {
        /* separable truncating average: [-1 -2; -3 -5] -> rows trunc(-3/2) = -1, trunc(-8/2) = -4,
         * then trunc(-5/2) = -2 (a 2-D floor average is -3). Scratch: OW*C int16. */
        int8_t a[4] = {-1, -2, -3, -5};
        int16_t scratch[1];
        fl_nn_ctx_t ctx;
        fl_nn_dims_t ad = dims(2, 2, 1), ao = dims(1, 1, 1);
        int8_t r;
        ctx.buf = scratch;
        ctx.size = sizeof scratch;
        FL_CHECK_EQ_INT(2, fl_nn_avgpool_q7_legacy_scratch_size(&ad, &ao));
        FL_CHECK_EQ_INT(FL_OK, fl_nn_avgpool_q7_legacy(&ctx, &p, &ad, a, &ao, &r));
        FL_CHECK_EQ_INT(-2, r);
        ctx.size = 1;
        FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_nn_avgpool_q7_legacy(&ctx, &p, &ad, a, &ao, &r));
    }
}

static void test_pool_q7_legacy_equals_2d_when_no_quirk_applies(void)
{
    /* C % 4 == 0, no padding: the separable max equals the 2-D max, also for 3x3/2 ceil-mode windows. */
    int8_t in[8 * 8 * 8], copy[8 * 8 * 8], o1[4 * 4 * 8], o2[4 * 4 * 8];
    fl_nn_dims_t id = dims(8, 8, 8), od = dims(4, 4, 8);
    int k, i;
    for (k = 2; k <= 3; k++) {
        fl_nn_pool_params_t p = pool(k, 2, 0);
        for (i = 0; i < (int)sizeof in; i++) {
            in[i] = (int8_t)((i * 73 + k * 11) % 251 - 125);
            copy[i] = in[i];
        }
        FL_CHECK_EQ_INT(FL_OK, fl_nn_maxpool_q7(&p, &id, copy, &od, o1));
        FL_CHECK_EQ_INT(FL_OK, fl_nn_maxpool_q7_legacy(&p, &id, in, &od, o2));
        FL_CHECK_MEM_EQ(o1, o2, sizeof o1);
    }
}

static void test_relu_q7(void)
{
    int8_t d[4] = {-5, 0, 3, 127};
    const int8_t e[4] = {0, 0, 3, 127};
    int8_t d6[4] = {-5, 20, 23, 127};
    const int8_t e6[4] = {0, 20, 23, 24}; /* frac 2: 6.0 = 24 */
    FL_CHECK_EQ_INT(FL_OK, fl_nn_relu_q7(d, 4));
    FL_CHECK_MEM_EQ(e, d, 4);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_relu6_q7(d6, 4, 2));
    FL_CHECK_MEM_EQ(e6, d6, 4);
}

static void test_softmax_q7(void)
{
    /* [0 0]: base -8, sum 2^8+2^8 = 512, ob = 2048, out = 2048 >> 5 = 64 each. */
    int8_t a[2] = {0, 0};
    /* [10 0 -5]: only 10 > base 2, sum 256, ob 4096 >> 5 = 128 -> 127; others 0. */
    int8_t b[3] = {10, 0, -5};
    /* [3 2]: base -5, sum 256 + 128 = 384, ob = 2730; 2730 >> 5 = 85, 2730 >> 6 = 42. */
    int8_t c[2] = {3, 2};
    FL_CHECK_EQ_INT(FL_OK, fl_nn_softmax_q7(a, 2, a));
    FL_CHECK_EQ_INT(64, a[0]);
    FL_CHECK_EQ_INT(64, a[1]);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_softmax_q7(b, 3, b));
    FL_CHECK_EQ_INT(127, b[0]);
    FL_CHECK_EQ_INT(0, b[1]);
    FL_CHECK_EQ_INT(0, b[2]);
    FL_CHECK_EQ_INT(FL_OK, fl_nn_softmax_q7(c, 2, c));
    FL_CHECK_EQ_INT(85, c[0]);
    FL_CHECK_EQ_INT(42, c[1]);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_conv_q7_truncation_rounding_saturation, passed);
    FL_RUN(test_conv_q7_padding_stride_and_channels, passed);
    FL_RUN(test_conv_q7_four_channel_columns, passed);
    FL_RUN(test_conv_q7_non_square_kernel, passed);
    FL_RUN(test_dwconv_q7, passed);
    FL_RUN(test_fc_q7, passed);
    FL_RUN(test_fc_q7_x4_layout_and_equivalence, passed);
    FL_RUN(test_pool_q7_2d_max_and_floor_average, passed);
    FL_RUN(test_pool_q7_legacy_quirks, passed);
    FL_RUN(test_pool_q7_legacy_equals_2d_when_no_quirk_applies, passed);
    FL_RUN(test_relu_q7, passed);
    FL_RUN(test_softmax_q7, passed);
    FL_TEST_MAIN_END(passed);
}
