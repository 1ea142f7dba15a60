/* SPDX-License-Identifier: MIT */
/* Fleet model format, s8 scheme: a net using every s8 op (conv with per-channel requantization, max pool with a
 * clamp, depthwise with channel multiplier 2 and zero points, average pool, relu, relu6, fully connected with
 * per-tensor requantization, softmax) and a softmax over several pixels, written by the test-side builder,
 * loaded with the hash checked, and run; outputs must equal the kernels called directly, layer by layer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_model.h"
#include "fl/fl_nn.h"
#include "fl_model_builder.h"
#include "fl_test.h"

static uint8_t g_arena_mem[64 * 1024];
static fl_mb_t g_b;

static uint32_t g_rng = 987654321u;
static uint32_t rnd(void)
{
    g_rng = g_rng * 1103515245u + 12345u;
    return g_rng >> 8;
}
static void fill(int8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        p[i] = (int8_t)(uint8_t)rnd();
    }
}

/* 6x6x3 (zp -5) -conv 3x3 p1-> 6x6x4 (zp 3) -maxpool 2 s2, clamp -100..120-> 3x3x4 -dw 3x3 p1 x2-> 3x3x8 (zp -2)
 * -avgpool 2 s1-> 2x2x8 -relu-> -relu6 (six 60)-> -fc-> 1x1x4 (zp 1) -softmax-> 1x1x4 (zp -128) */
static int8_t w_conv[4 * 3 * 3 * 3], w_dw[3 * 3 * 8], w_fc[4 * 32];
static int32_t b_conv[4], m_conv[4], s_conv[4], b_dw[8], m_dw[8], s_dw[8], b_fc[4], m_fc[1], s_fc[1];

static void quant(int32_t *b, int32_t *m, int32_t *s, size_t n, int32_t shift_base)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (b != NULL) {
            b[i] = (int32_t)(rnd() % 4001u) - 2000;
        }
        m[i] = (int32_t)(0x40000000u + rnd() % 0x3FFFFFFFu); /* [0.5, 1) in Q31, like TFLM's QuantizeMultiplier */
        s[i] = shift_base - (int32_t)(rnd() % 3u);
    }
}

static uint8_t *build(size_t *len, int multi_pixel_softmax)
{
    static const uint8_t mean[3] = {127, 127, 127};
    static const float scale[3] = {1.0f / 58.4f, 1.0f / 57.1f, 1.0f / 57.4f};
    fl_mb_layer_t l;
    fl_mb_free(&g_b);
    fill(w_conv, sizeof w_conv);
    fill(w_dw, sizeof w_dw);
    fill(w_fc, sizeof w_fc);
    quant(b_conv, m_conv, s_conv, 4, -7);
    quant(b_dw, m_dw, s_dw, 8, -6);
    quant(b_fc, m_fc, s_fc, 1, -8);
    b_fc[1] = -700;
    b_fc[2] = 300;
    b_fc[3] = 50;
    fl_mb_init(&g_b, FL_MODEL_SCHEME_S8, "test-s8", 0x01020304u);
    fl_mb_input_s8(&g_b, 6, 6, 3, FL_MODEL_RESIZE_NEAREST, mean, scale, 0.0078125f, -5);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_CONV;
    l.out_h = 6; l.out_w = 6; l.out_c = 4;
    l.kh = 3; l.kw = 3; l.sh = 1; l.sw = 1; l.ph = 1; l.pw = 1;
    l.in_zp = -5; l.out_zp = 3; l.act_min = -128; l.act_max = 127;
    l.weights = w_conv; l.weights_len = sizeof w_conv;
    l.bias = b_conv; l.bias_len = sizeof b_conv;
    l.mult = m_conv; l.shift = s_conv; l.quant_count = 4;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_MAXPOOL;
    l.out_h = 3; l.out_w = 3; l.out_c = 4;
    l.kh = 2; l.kw = 2; l.sh = 2; l.sw = 2;
    l.in_zp = 3; l.out_zp = 3; l.act_min = -100; l.act_max = 120;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_DWCONV;
    l.out_h = 3; l.out_w = 3; l.out_c = 8;
    l.kh = 3; l.kw = 3; l.sh = 1; l.sw = 1; l.ph = 1; l.pw = 1; l.ch_mult = 2;
    l.in_zp = 3; l.out_zp = -2; l.act_min = -128; l.act_max = 127;
    l.weights = w_dw; l.weights_len = sizeof w_dw;
    l.bias = b_dw; l.bias_len = sizeof b_dw;
    l.mult = m_dw; l.shift = s_dw; l.quant_count = 8;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_AVGPOOL;
    l.out_h = 2; l.out_w = 2; l.out_c = 8;
    l.kh = 2; l.kw = 2; l.sh = 1; l.sw = 1;
    l.in_zp = -2; l.out_zp = -2; l.act_min = -128; l.act_max = 127;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_RELU;
    l.out_h = 2; l.out_w = 2; l.out_c = 8;
    l.in_zp = -2; l.out_zp = -2; l.act_min = -2; l.act_max = 127;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_RELU6;
    l.out_h = 2; l.out_w = 2; l.out_c = 8;
    l.in_zp = -2; l.out_zp = -2; l.act_min = -2; l.act_max = 60;
    fl_mb_layer(&g_b, &l);

    if (multi_pixel_softmax) {
        /* softmax over the 8 channels of each of the 4 pixels: the last layer */
        memset(&l, 0, sizeof l);
        l.op = FL_MODEL_OP_SOFTMAX;
        l.out_h = 2; l.out_w = 2; l.out_c = 8;
        l.in_zp = -2; l.out_zp = -128; l.act_min = -128; l.act_max = 127;
        l.sm_mult = 1 << 30; l.sm_shift = 23; l.sm_diff_min = -248;
        fl_mb_layer(&g_b, &l);
        fl_mb_labels_numbered(&g_b, 32);
        return fl_mb_finish(&g_b, len, fl_mb_sha256_mbedtls, NULL);
    }

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_FC;
    l.out_h = 1; l.out_w = 1; l.out_c = 4;
    l.in_zp = -2; l.out_zp = 1; l.act_min = -128; l.act_max = 127;
    l.weights = w_fc; l.weights_len = sizeof w_fc;
    l.bias = b_fc; l.bias_len = sizeof b_fc;
    l.mult = m_fc; l.shift = s_fc; l.quant_count = 1;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_SOFTMAX;
    l.out_h = 1; l.out_w = 1; l.out_c = 4;
    l.in_zp = 1; l.out_zp = -128; l.act_min = -128; l.act_max = 127;
    l.sm_mult = 1 << 30; l.sm_shift = 23; l.sm_diff_min = -248;
    fl_mb_layer(&g_b, &l);
    fl_mb_label(&g_b, "person");
    fl_mb_label(&g_b, "no person");
    fl_mb_label(&g_b, "vehicle");
    fl_mb_label(&g_b, "animal");
    return fl_mb_finish(&g_b, len, fl_mb_sha256_mbedtls, NULL);
}

static fl_nn_dims_t D(int32_t h, int32_t w, int32_t c)
{
    fl_nn_dims_t d;
    d.n = 1; d.h = h; d.w = w; d.c = c;
    return d;
}
static fl_nn_hw_t HW(int32_t h, int32_t w)
{
    fl_nn_hw_t v;
    v.h = h; v.w = w;
    return v;
}
static fl_nn_act_t ACT(int32_t lo, int32_t hi)
{
    fl_nn_act_t a;
    a.min = lo; a.max = hi;
    return a;
}

/* The same net, kernel by kernel. out: 4 values, or 32 when multi_pixel_softmax. */
static void reference(const int8_t in[6 * 6 * 3], int multi_pixel_softmax, int8_t *out)
{
    int8_t a[6 * 6 * 4], b[3 * 3 * 4], c[3 * 3 * 8], d[2 * 2 * 8];
    static uint8_t scratch[4096];
    fl_nn_ctx_t ctx;
    fl_nn_per_channel_quant_t q;
    ctx.buf = scratch;
    ctx.size = sizeof scratch;
    {
        fl_nn_conv_s8_params_t p;
        fl_nn_dims_t id = D(6, 6, 3), fd, od = D(6, 6, 4);
        fd.n = 4; fd.h = 3; fd.w = 3; fd.c = 3;
        p.input_offset = 5; p.output_offset = 3; p.stride = HW(1, 1); p.pad = HW(1, 1); p.act = ACT(-128, 127);
        q.multiplier = m_conv; q.shift = s_conv;
        FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_s8(&ctx, &p, &q, &id, in, &fd, w_conv, b_conv, &od, a));
    }
    {
        fl_nn_pool_s8_params_t p;
        fl_nn_dims_t id = D(6, 6, 4), od = D(3, 3, 4);
        p.window = HW(2, 2); p.stride = HW(2, 2); p.pad = HW(0, 0); p.act = ACT(-100, 120);
        FL_CHECK_EQ_INT(FL_OK, fl_nn_maxpool_s8(&p, &id, a, &od, b));
    }
    {
        fl_nn_dwconv_s8_params_t p;
        fl_nn_dims_t id = D(3, 3, 4), fd, od = D(3, 3, 8);
        fd.n = 1; fd.h = 3; fd.w = 3; fd.c = 8;
        p.input_offset = -3; p.output_offset = -2; p.ch_mult = 2; p.stride = HW(1, 1); p.pad = HW(1, 1);
        p.act = ACT(-128, 127);
        q.multiplier = m_dw; q.shift = s_dw;
        FL_CHECK_EQ_INT(FL_OK, fl_nn_dwconv_s8(&ctx, &p, &q, &id, b, &fd, w_dw, b_dw, &od, c));
    }
    {
        fl_nn_pool_s8_params_t p;
        fl_nn_dims_t id = D(3, 3, 8), od = D(2, 2, 8);
        p.window = HW(2, 2); p.stride = HW(1, 1); p.pad = HW(0, 0); p.act = ACT(-128, 127);
        FL_CHECK_EQ_INT(FL_OK, fl_nn_avgpool_s8(&p, &id, c, &od, d));
    }
    FL_CHECK_EQ_INT(FL_OK, fl_nn_relu_s8(d, sizeof d, -2));
    FL_CHECK_EQ_INT(FL_OK, fl_nn_relu6_s8(d, sizeof d, -2, 60));
    if (multi_pixel_softmax) {
        FL_CHECK_EQ_INT(FL_OK, fl_nn_softmax_s8(d, 4, 8, 1 << 30, 23, -248, out));
        return;
    }
    {
        fl_nn_fc_s8_params_t p;
        fl_nn_per_tensor_quant_t t;
        p.input_offset = 2; p.output_offset = 1; p.act = ACT(-128, 127);
        t.multiplier = m_fc[0]; t.shift = s_fc[0];
        FL_CHECK_EQ_INT(FL_OK, fl_nn_fc_s8(&ctx, &p, &t, d, 32, w_fc, b_fc, 4, out));
    }
    FL_CHECK_EQ_INT(FL_OK, fl_nn_softmax_s8(out, 1, 4, 1 << 30, 23, -248, out));
}

static void run_variant(int multi)
{
    size_t len, n_out = multi ? 32u : 4u;
    uint8_t *blob = build(&len, multi);
    fl_arena_t arena;
    fl_model_t m;
    fl_model_error_t err;
    fl_model_load_options_t opts;
    int trial, differ = 0, spread = 0;
    opts.sha256 = fl_mb_sha256_mbedtls;
    opts.sha256_user = NULL;
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem));
    FL_CHECK_EQ_INT(FL_OK, fl_model_load(&m, blob, len, &arena, &opts, &err));
    if (m.layers == NULL) {
        printf("  load: %s at %zu layer %u\n", err.msg, err.offset, (unsigned)err.layer);
        free(blob);
        return;
    }
    FL_CHECK(fl_arena_high_water(&arena) <= m.info.arena_bytes);
    FL_CHECK_EQ_INT(n_out, m.info.n_outputs);
    for (trial = 0; trial < 20; trial++) {
        int8_t in[6 * 6 * 3], got[32], want[32];
        fill(in, sizeof in);
        memset(got, 0x55, sizeof got);
        FL_CHECK_EQ_INT(FL_OK, fl_model_run(&m, in, got));
        reference(in, multi, want);
        FL_CHECK_MEM_EQ(want, got, n_out);
        differ += memcmp(want, got, n_out) != 0;
        spread += got[0] != got[1];
    }
    printf("  s8 net (%s): 20 inputs, %d differ from the reference, %d with distinct top outputs; %zu-byte blob\n",
           multi ? "softmax over 4 pixels" : "fc + softmax", differ, spread, len);
    FL_CHECK(spread > 0); /* the net is not degenerate (all outputs saturated) */
    free(blob);
}

static void test_s8_net_matches_kernels_layer_by_layer(void)
{
    run_variant(0);
}

static void test_s8_net_with_per_pixel_softmax_matches_kernels(void)
{
    run_variant(1);
}

static void test_s8_info_and_input_spec(void)
{
    size_t len;
    uint8_t *blob = build(&len, 0);
    fl_model_info_t info;
    fl_model_error_t err;
    FL_CHECK_EQ_INT(FL_OK, fl_model_inspect(blob, len, &info, &err));
    FL_CHECK_EQ_INT(FL_MODEL_SCHEME_S8, info.scheme);
    FL_CHECK_EQ_INT(0x01020304u, info.model_version);
    FL_CHECK_EQ_INT(-5, info.input.s8_input_zero_point);
    FL_CHECK(info.input.s8_input_scale == 0.0078125f);
    FL_CHECK(info.input.s8_scale[1] == 1.0f / 57.1f);
    FL_CHECK_EQ_INT(0, info.input.q7_shift[0]);
    FL_CHECK_EQ_INT(FL_MODEL_COLOUR_RGB, info.input.colour);
    /* arena: 96*8 + 2*align4(144) + conv budget 4*3*3*3 = 108 (> dw 2*4*9 = 72) + 8 */
    FL_CHECK_EQ_INT(96 * 8 + 2 * 144 + 108 + 8, info.arena_bytes);
    FL_CHECK_EQ_INT(6 * 6 * 4 * 27 + 3 * 3 * 8 * 9 + 4 * 32, info.macs);
    free(blob);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_s8_net_matches_kernels_layer_by_layer, passed);
    FL_RUN(test_s8_net_with_per_pixel_softmax_matches_kernels, passed);
    FL_RUN(test_s8_info_and_input_spec, passed);
    fl_mb_free(&g_b);
    FL_TEST_MAIN_END(passed);
}
