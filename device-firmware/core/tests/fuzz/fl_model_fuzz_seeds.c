/* SPDX-License-Identifier: MIT */
/* Writes a few small valid Fleet model blobs (q7 and s8, every op at least once) into the directory given as
 * argv[1], as seeds for fuzz_fl_model_load. Built by src/model/model.cmake with FL_BUILD_FUZZERS=ON and run by
 * tools/run_fuzz.sh; the hash field is left zero (the fuzzer loads without a hash function). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl_model_builder.h"

static fl_mb_t g_b;

static int save(const char *dir, const char *name)
{
    char path[1024];
    size_t len;
    uint8_t *blob = fl_mb_finish(&g_b, &len, NULL, NULL);
    FILE *f;
    int ok;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    ok = f != NULL && fwrite(blob, 1, len, f) == len;
    if (f != NULL) {
        ok = fclose(f) == 0 && ok;
    }
    free(blob);
    fl_mb_free(&g_b);
    if (!ok) {
        fprintf(stderr, "fl_model_fuzz_seeds: cannot write %s\n", path);
    }
    return ok;
}

static void fill(int8_t *p, size_t n, unsigned seed)
{
    size_t i;
    for (i = 0; i < n; i++) {
        p[i] = (int8_t)(uint8_t)(i * 29u + seed * 7u);
    }
}

/* 6x6x1 -conv 3x3 p1-> 6x6x2 -relu-> -maxpool 2 s2-> 3x3x2 -dw 3x3 p1-> -relu6-> -avgpool 3 s2 p1-> 2x2x2 -fc->
 * 3 -softmax */
static int q7_seed(const char *dir)
{
    static const uint8_t mean[3] = {128, 0, 0}, shift[3] = {8, 0, 0};
    static int8_t wc[18], bc[2], wd[18], bd[2], wf[24], bf[3];
    fl_mb_layer_t l;
    fill(wc, sizeof wc, 1);
    fill(bc, sizeof bc, 2);
    fill(wd, sizeof wd, 3);
    fill(bd, sizeof bd, 4);
    fill(wf, sizeof wf, 5);
    fill(bf, sizeof bf, 6);
    fl_mb_init(&g_b, FL_MODEL_SCHEME_Q7, "seed.q7", 1u);
    fl_mb_input_q7(&g_b, 6, 6, 1, FL_MODEL_RESIZE_NEAREST, mean, shift);
    fl_mb_labels_numbered(&g_b, 3);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_CONV; l.out_h = 6; l.out_w = 6; l.out_c = 2;
    l.kh = l.kw = 3; l.sh = l.sw = 1; l.ph = l.pw = 1; l.lshift = 1; l.rshift = 5;
    l.weights = wc; l.weights_len = sizeof wc; l.bias = bc; l.bias_len = sizeof bc;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_RELU; l.out_h = 6; l.out_w = 6; l.out_c = 2;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_MAXPOOL; l.out_h = 3; l.out_w = 3; l.out_c = 2;
    l.kh = l.kw = 2; l.sh = l.sw = 2;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_DWCONV; l.out_h = 3; l.out_w = 3; l.out_c = 2;
    l.kh = l.kw = 3; l.sh = l.sw = 1; l.ph = l.pw = 1; l.ch_mult = 1; l.rshift = 4; l.rounding = 1;
    l.weights = wd; l.weights_len = sizeof wd; l.bias = bd; l.bias_len = sizeof bd;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_RELU6; l.out_h = 3; l.out_w = 3; l.out_c = 2; l.frac_bits = 3;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_AVGPOOL; l.out_h = 2; l.out_w = 2; l.out_c = 2;
    l.kh = l.kw = 3; l.sh = l.sw = 2; l.ph = l.pw = 1;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_FC; l.out_h = 1; l.out_w = 1; l.out_c = 3; l.rshift = 6;
    l.weights = wf; l.weights_len = sizeof wf; l.bias = bf; l.bias_len = sizeof bf;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_SOFTMAX; l.out_h = 1; l.out_w = 1; l.out_c = 3;
    fl_mb_layer(&g_b, &l);
    return save(dir, "seed_q7.flmd");
}

/* 4x4x3 (zp 10) -conv 3x3 p1-> 4x4x2 -maxpool 2 s2-> 2x2x2 -dw x2-> 2x2x4 -avgpool-> -relu-> -relu6-> -fc-> 2
 * -softmax */
static int s8_seed(const char *dir)
{
    static const uint8_t mean[3] = {127, 127, 127};
    static const float scale[3] = {0.0078125f, 0.0078125f, 0.0078125f};
    static int8_t wc[54], wd[36], wf[32];
    static const int32_t bc[2] = {100, -50}, mc[2] = {1 << 30, 1500000000}, sc[2] = {-7, -8};
    static const int32_t bd[4] = {1, 2, 3, 4}, md[4] = {1 << 30, 1 << 30, 1200000000, 1300000000}, sd[4] = {-5, -5, -6, -6};
    static const int32_t bf[2] = {7, -7}, mf[1] = {1200000000}, sf[1] = {-7};
    fl_mb_layer_t l;
    fill(wc, sizeof wc, 7);
    fill(wd, sizeof wd, 8);
    fill(wf, sizeof wf, 9);
    fl_mb_init(&g_b, FL_MODEL_SCHEME_S8, "seed.s8", 1u);
    fl_mb_input_s8(&g_b, 4, 4, 3, FL_MODEL_RESIZE_BILINEAR, mean, scale, 1.0f / 128.0f, 10);
    fl_mb_label(&g_b, "yes");
    fl_mb_label(&g_b, "no");
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_CONV; l.out_h = 4; l.out_w = 4; l.out_c = 2;
    l.kh = l.kw = 3; l.sh = l.sw = 1; l.ph = l.pw = 1;
    l.in_zp = 10; l.out_zp = -3; l.act_min = -128; l.act_max = 127;
    l.weights = wc; l.weights_len = sizeof wc; l.bias = bc; l.bias_len = sizeof bc;
    l.mult = mc; l.shift = sc; l.quant_count = 2;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_MAXPOOL; l.out_h = 2; l.out_w = 2; l.out_c = 2;
    l.kh = l.kw = 2; l.sh = l.sw = 2; l.in_zp = -3; l.out_zp = -3; l.act_min = -128; l.act_max = 127;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_DWCONV; l.out_h = 2; l.out_w = 2; l.out_c = 4;
    l.kh = l.kw = 3; l.sh = l.sw = 1; l.ph = l.pw = 1; l.ch_mult = 2;
    l.in_zp = -3; l.out_zp = 2; l.act_min = -128; l.act_max = 127;
    l.weights = wd; l.weights_len = sizeof wd; l.bias = bd; l.bias_len = sizeof bd;
    l.mult = md; l.shift = sd; l.quant_count = 4;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_AVGPOOL; l.out_h = 2; l.out_w = 2; l.out_c = 4;
    l.kh = l.kw = 2; l.sh = l.sw = 1; l.ph = l.pw = 1;
    l.in_zp = 2; l.out_zp = 2; l.act_min = -128; l.act_max = 127;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_RELU; l.out_h = 2; l.out_w = 2; l.out_c = 4;
    l.in_zp = 2; l.out_zp = 2; l.act_min = 2; l.act_max = 127;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_RELU6; l.out_h = 2; l.out_w = 2; l.out_c = 4;
    l.in_zp = 2; l.out_zp = 2; l.act_min = 2; l.act_max = 90;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_FC; l.out_h = 1; l.out_w = 1; l.out_c = 2;
    l.in_zp = 2; l.out_zp = 4; l.act_min = -128; l.act_max = 127;
    l.weights = wf; l.weights_len = sizeof wf; l.bias = bf; l.bias_len = sizeof bf;
    l.mult = mf; l.shift = sf; l.quant_count = 1;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_SOFTMAX; l.out_h = 1; l.out_w = 1; l.out_c = 2;
    l.in_zp = 4; l.out_zp = -128; l.act_min = -128; l.act_max = 127;
    l.sm_mult = 1 << 30; l.sm_shift = 23; l.sm_diff_min = -248;
    fl_mb_layer(&g_b, &l);
    return save(dir, "seed_s8.flmd");
}

/* The smallest model: one fully connected layer on a 1x1 gray input. */
static int tiny_seed(const char *dir)
{
    static const uint8_t mean[3] = {0, 0, 0}, shift[3] = {1, 0, 0};
    static const int8_t w[2] = {3, -3};
    fl_mb_layer_t l;
    fl_mb_init(&g_b, FL_MODEL_SCHEME_Q7, "t", 0u);
    fl_mb_input_q7(&g_b, 1, 1, 1, FL_MODEL_RESIZE_NEAREST, mean, shift);
    fl_mb_labels_numbered(&g_b, 2);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_FC; l.out_h = 1; l.out_w = 1; l.out_c = 2;
    l.weights = w; l.weights_len = sizeof w;
    fl_mb_layer(&g_b, &l);
    return save(dir, "seed_tiny.flmd");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fl_model_fuzz_seeds <corpus directory>\n");
        return 2;
    }
    return q7_seed(argv[1]) && s8_seed(argv[1]) && tiny_seed(argv[1]) ? 0 : 1;
}
