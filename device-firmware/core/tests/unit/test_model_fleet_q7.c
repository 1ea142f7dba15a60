/* SPDX-License-Identifier: MIT */
/* Fleet model format, q7 scheme: a net using every q7 op (non-square conv with stride and padding, relu, max pool,
 * depthwise with rounding, relu6, average pool with padding, fully connected, softmax) written by the test-side
 * builder, loaded with the hash checked by mbedtls, and run; its outputs must equal calling the kernels directly
 * layer by layer. Also: info, labels, input spec, arena figures against fl_arena_high_water. */
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

static uint32_t g_rng = 12345u;
static int8_t rnd8(void)
{
    g_rng = g_rng * 1103515245u + 12345u;
    return (int8_t)(uint8_t)(g_rng >> 16);
}
static void fill(int8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        p[i] = rnd8();
    }
}

/* Shapes: 8x8x3 -conv 3x2 s(1,2) p(1,0)-> 8x4x4 -relu-> -maxpool 2 s2-> 4x2x4 -dw 3x3 p1-> 4x2x4 -relu6(4)->
 * -avgpool 3 s2 p1-> 2x1x4 -fc-> 1x1x5 -softmax-> 1x1x5 */
static int8_t w_conv[4 * 3 * 2 * 3], b_conv[4], w_dw[3 * 3 * 4], b_dw[4], w_fc[5 * 8], b_fc[5];

static uint8_t *build(size_t *len)
{
    static const uint8_t mean[3] = {120, 110, 100}, shift[3] = {8, 7, 8};
    fl_mb_layer_t l;
    fl_mb_free(&g_b);
    fill(w_conv, sizeof w_conv);
    fill(b_conv, sizeof b_conv);
    fill(w_dw, sizeof w_dw);
    fill(b_dw, sizeof b_dw);
    fill(w_fc, sizeof w_fc);
    fill(b_fc, sizeof b_fc);
    fl_mb_init(&g_b, FL_MODEL_SCHEME_Q7, "test.q7-net_1", 7u);
    fl_mb_input_q7(&g_b, 8, 8, 3, FL_MODEL_RESIZE_BILINEAR, mean, shift);
    fl_mb_label(&g_b, "cat");
    fl_mb_label(&g_b, "dog");
    fl_mb_label(&g_b, "bird");
    fl_mb_label(&g_b, "ship with sails");
    fl_mb_label(&g_b, "x");

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_CONV;
    l.out_h = 8; l.out_w = 4; l.out_c = 4;
    l.kh = 3; l.kw = 2; l.sh = 1; l.sw = 2; l.ph = 1; l.pw = 0;
    l.lshift = 2; l.rshift = 6;
    l.weights = w_conv; l.weights_len = sizeof w_conv;
    l.bias = b_conv; l.bias_len = sizeof b_conv;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_RELU;
    l.out_h = 8; l.out_w = 4; l.out_c = 4;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_MAXPOOL;
    l.out_h = 4; l.out_w = 2; l.out_c = 4;
    l.kh = 2; l.kw = 2; l.sh = 2; l.sw = 2;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_DWCONV;
    l.out_h = 4; l.out_w = 2; l.out_c = 4;
    l.kh = 3; l.kw = 3; l.sh = 1; l.sw = 1; l.ph = 1; l.pw = 1; l.ch_mult = 1;
    l.lshift = 1; l.rshift = 5; l.rounding = 1;
    l.weights = w_dw; l.weights_len = sizeof w_dw;
    l.bias = b_dw; l.bias_len = sizeof b_dw;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_RELU6;
    l.out_h = 4; l.out_w = 2; l.out_c = 4;
    l.frac_bits = 4;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_AVGPOOL;
    l.out_h = 2; l.out_w = 1; l.out_c = 4;
    l.kh = 3; l.kw = 3; l.sh = 2; l.sw = 2; l.ph = 1; l.pw = 1;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_FC;
    l.out_h = 1; l.out_w = 1; l.out_c = 5;
    l.lshift = 3; l.rshift = 7;
    l.weights = w_fc; l.weights_len = sizeof w_fc;
    l.bias = b_fc; l.bias_len = sizeof b_fc;
    fl_mb_layer(&g_b, &l);

    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_SOFTMAX;
    l.out_h = 1; l.out_w = 1; l.out_c = 5;
    fl_mb_layer(&g_b, &l);
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

/* The same net, kernel by kernel. */
static void reference(const int8_t in[8 * 8 * 3], int8_t out[5])
{
    int8_t a[8 * 4 * 4], b[4 * 2 * 4], c[4 * 2 * 4], d[2 * 1 * 4];
    fl_nn_conv_q7_params_t cp;
    fl_nn_pool_params_t pp;
    fl_nn_q7_shift_t s;
    fl_nn_dims_t fd;
    static uint8_t scratch[4096];
    fl_nn_ctx_t ctx;
    ctx.buf = scratch;
    ctx.size = sizeof scratch;
    cp.stride = HW(1, 2); cp.pad = HW(1, 0);
    cp.shift.bias_lshift = 2; cp.shift.out_rshift = 6; cp.shift.rounding = FL_NN_Q7_TRUNCATE;
    fd.n = 4; fd.h = 3; fd.w = 2; fd.c = 3;
    {
        fl_nn_dims_t id = D(8, 8, 3), od = D(8, 4, 4);
        FL_CHECK_EQ_INT(FL_OK, fl_nn_conv_q7(&ctx, &cp, &id, in, &fd, w_conv, b_conv, &od, a));
    }
    FL_CHECK_EQ_INT(FL_OK, fl_nn_relu_q7(a, sizeof a));
    pp.window = HW(2, 2); pp.stride = HW(2, 2); pp.pad = HW(0, 0);
    {
        fl_nn_dims_t id = D(8, 4, 4), od = D(4, 2, 4);
        FL_CHECK_EQ_INT(FL_OK, fl_nn_maxpool_q7(&pp, &id, a, &od, b));
    }
    cp.stride = HW(1, 1); cp.pad = HW(1, 1);
    cp.shift.bias_lshift = 1; cp.shift.out_rshift = 5; cp.shift.rounding = FL_NN_Q7_ROUND;
    fd.n = 1; fd.h = 3; fd.w = 3; fd.c = 4;
    {
        fl_nn_dims_t id = D(4, 2, 4), od = D(4, 2, 4);
        FL_CHECK_EQ_INT(FL_OK, fl_nn_dwconv_q7(&cp, &id, b, &fd, w_dw, b_dw, &od, c));
    }
    FL_CHECK_EQ_INT(FL_OK, fl_nn_relu6_q7(c, sizeof c, 4));
    pp.window = HW(3, 3); pp.stride = HW(2, 2); pp.pad = HW(1, 1);
    {
        fl_nn_dims_t id = D(4, 2, 4), od = D(2, 1, 4);
        FL_CHECK_EQ_INT(FL_OK, fl_nn_avgpool_q7(&pp, &id, c, &od, d));
    }
    s.bias_lshift = 3; s.out_rshift = 7; s.rounding = FL_NN_Q7_TRUNCATE;
    FL_CHECK_EQ_INT(FL_OK, fl_nn_fc_q7(&ctx, &s, d, 8, w_fc, b_fc, 5, out));
    FL_CHECK_EQ_INT(FL_OK, fl_nn_softmax_q7(out, 5, out));
}

static void test_q7_net_matches_kernels_layer_by_layer(void)
{
    size_t len;
    uint8_t *blob = build(&len);
    fl_arena_t arena;
    fl_model_t m;
    fl_model_error_t err;
    fl_model_load_options_t opts;
    int trial, differ = 0;
    opts.sha256 = fl_mb_sha256_mbedtls;
    opts.sha256_user = NULL;
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem));
    FL_CHECK_EQ_INT(FL_OK, fl_model_load(&m, blob, len, &arena, &opts, &err));
    if (m.layers == NULL) {
        printf("  load: %s at %zu layer %u\n", err.msg, err.offset, (unsigned)err.layer);
        free(blob);
        return;
    }
    for (trial = 0; trial < 20; trial++) {
        int8_t in[8 * 8 * 3], got[5], want[5];
        fill(in, sizeof in);
        if (trial == 0) {
            memset(in, 127, sizeof in);
        } else if (trial == 1) {
            memset(in, -128, sizeof in);
        }
        memset(got, 0x55, sizeof got);
        FL_CHECK_EQ_INT(FL_OK, fl_model_run(&m, in, got));
        reference(in, want);
        FL_CHECK_MEM_EQ(want, got, sizeof want);
        differ += memcmp(want, got, sizeof want) != 0;
    }
    printf("  q7 net: 20 inputs, %d differ from the kernel-by-kernel reference; %zu-byte blob\n", differ, len);
    free(blob);
}

static void test_q7_info_labels_input_and_arena_figures(void)
{
    size_t len;
    uint8_t *blob = build(&len);
    fl_arena_t arena;
    fl_model_t m;
    fl_model_info_t info, info2;
    fl_model_input_t in;
    fl_model_error_t err;
    int8_t x[8 * 8 * 3], y[5];
    FL_CHECK_EQ_INT(FL_OK, fl_model_inspect(blob, len, &info, &err));
    FL_CHECK(strcmp(info.model_id, "test.q7-net_1") == 0);
    FL_CHECK_EQ_INT(7, info.model_version);
    FL_CHECK_EQ_INT(FL_MODEL_SCHEME_Q7, info.scheme);
    FL_CHECK_EQ_INT(8, info.n_layers);
    FL_CHECK_EQ_INT(5, info.n_outputs);
    FL_CHECK_EQ_INT(len, info.flash_bytes);
    /* MACs: conv 8*4*4 * 3*2*3 + dw 4*2*4 * 9 + fc 5*8 */
    FL_CHECK_EQ_INT(8 * 4 * 4 * 18 + 4 * 2 * 4 * 9 + 40, info.macs);
    /* arena: 96 * 8 plan + 2 * 192 activations + conv scratch budget 4*3*3*2 = 72 + 8 */
    FL_CHECK_EQ_INT(96 * 8 + 2 * 192 + 72 + 8, info.arena_bytes);
    FL_CHECK_EQ_INT(8, info.input.h);
    FL_CHECK_EQ_INT(3, info.input.c);
    FL_CHECK_EQ_INT(FL_MODEL_COLOUR_RGB, info.input.colour);
    FL_CHECK_EQ_INT(FL_MODEL_RESIZE_BILINEAR, info.input.resize);
    FL_CHECK_EQ_INT(110, info.input.mean[1]);
    FL_CHECK_EQ_INT(7, info.input.q7_shift[1]);

    /* exactly arena_bytes is enough whatever the arena's alignment; 9 bytes fewer never is */
    {
        size_t shift;
        for (shift = 0; shift < 8; shift++) {
            FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem + shift, info.arena_bytes));
            FL_CHECK_EQ_INT(FL_OK, fl_model_load(&m, blob, len, &arena, NULL, &err));
            FL_CHECK(fl_arena_high_water(&arena) <= info.arena_bytes);
        }
        FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem, info.arena_bytes - 9u));
        FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_model_load(&m, blob, len, &arena, NULL, &err));
        FL_CHECK(err.msg != NULL);
        FL_CHECK(m.layers == NULL);
    }
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem));
    FL_CHECK_EQ_INT(FL_OK, fl_model_load(&m, blob, len, &arena, NULL, &err));
    FL_CHECK_EQ_INT(FL_OK, fl_model_get_info(&m, &info2));
    FL_CHECK(memcmp(&info, &info2, sizeof info) == 0);
    FL_CHECK_EQ_INT(FL_OK, fl_model_get_input(&m, &in));
    FL_CHECK_EQ_INT(120, in.mean[0]);
    FL_CHECK(strcmp(fl_model_label(&m, 0), "cat") == 0);
    FL_CHECK(strcmp(fl_model_label(&m, 3), "ship with sails") == 0);
    FL_CHECK(strcmp(fl_model_label(&m, 4), "x") == 0);
    FL_CHECK(fl_model_label(&m, 5) == NULL);
    FL_CHECK(fl_model_label(NULL, 0) == NULL);
    FL_CHECK(fl_model_sizeof() == sizeof(fl_model_t));
    FL_CHECK(fl_model_info_sizeof() == sizeof(fl_model_info_t));
    /* argument errors */
    memset(x, 0, sizeof x);
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_model_run(&m, NULL, y));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_model_run(&m, x, NULL));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_model_run(NULL, x, y));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_model_inspect(blob, len, NULL, &err));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_model_inspect(NULL, 4, &info, &err));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_model_inspect(NULL, 0, &info, &err));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_model_load(NULL, blob, len, &arena, NULL, &err));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_model_load(&m, blob, len, NULL, NULL, &err));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_model_get_info(&m, NULL));
    memset(&m, 0, sizeof m);
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_model_run(&m, x, y)); /* not loaded */
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_model_get_input(&m, &in));
    free(blob);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_q7_net_matches_kernels_layer_by_layer, passed);
    FL_RUN(test_q7_info_labels_input_and_arena_figures, passed);
    fl_mb_free(&g_b);
    FL_TEST_MAIN_END(passed);
}
