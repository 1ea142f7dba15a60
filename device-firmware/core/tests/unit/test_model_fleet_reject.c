/* SPDX-License-Identifier: MIT */
/* Fleet model format: everything a loader must refuse. Every truncation length fails with a message; every
 * single-byte flip fails once the hash is checked; header, input, label and layer fields corrupted one at a time
 * (hash recomputed, so the field check itself is reached) give the documented status; hash mismatch; wrong
 * arena/flash figures; a future format version is FL_ERR_UNSUPPORTED however short or long the blob. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_model.h"
#include "fl_model_builder.h"
#include "fl_test.h"

static uint8_t g_arena_mem[16 * 1024];
static fl_mb_t g_b;

/* q7 base: 4x4x1 -conv 3x3 p1-> 4x4x2 -relu-> -maxpool 2 s2-> 2x2x2 -fc-> 3; labels a b c. */
static uint8_t *build_q7(size_t *len)
{
    static const uint8_t mean[3] = {128, 0, 0}, shift[3] = {8, 0, 0};
    static const int8_t wc[18] = {1, -2, 3, -4, 5, -6, 7, -8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    static const int8_t bc[2] = {3, -3}, bf[3] = {1, 2, 3};
    static int8_t wf[24];
    fl_mb_layer_t l;
    int i;
    for (i = 0; i < 24; i++) {
        wf[i] = (int8_t)(i * 11 - 100);
    }
    fl_mb_free(&g_b);
    fl_mb_init(&g_b, FL_MODEL_SCHEME_Q7, "q7base", 3u);
    fl_mb_input_q7(&g_b, 4, 4, 1, FL_MODEL_RESIZE_NEAREST, mean, shift);
    fl_mb_label(&g_b, "a");
    fl_mb_label(&g_b, "b");
    fl_mb_label(&g_b, "c");
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_CONV;
    l.out_h = 4; l.out_w = 4; l.out_c = 2;
    l.kh = l.kw = 3; l.sh = l.sw = 1; l.ph = l.pw = 1;
    l.rshift = 4;
    l.weights = wc; l.weights_len = 18; l.bias = bc; l.bias_len = 2;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_RELU;
    l.out_h = 4; l.out_w = 4; l.out_c = 2;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_MAXPOOL;
    l.out_h = 2; l.out_w = 2; l.out_c = 2;
    l.kh = l.kw = 2; l.sh = l.sw = 2;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_FC;
    l.out_h = 1; l.out_w = 1; l.out_c = 3;
    l.rshift = 5;
    l.weights = wf; l.weights_len = 24; l.bias = bf; l.bias_len = 3;
    fl_mb_layer(&g_b, &l);
    return fl_mb_finish(&g_b, len, fl_mb_sha256_mbedtls, NULL);
}

/* s8 base: 4x4x3 (zp 10) -conv 1x1-> 4x4x2 (zp -3) -avgpool 2 s2-> 2x2x2 -fc-> 2 (zp 4) -softmax-> 2 */
static uint8_t *build_s8(size_t *len)
{
    static const uint8_t mean[3] = {1, 2, 3};
    static const float scale[3] = {0.5f, 0.25f, 0.125f};
    static const int8_t wc[6] = {10, -20, 30, -40, 50, -60}, wf[16] = {1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, -4, -5, -6, -7, -8};
    static const int32_t bc[2] = {100, -100}, mc[2] = {1 << 30, 1500000000}, sc[2] = {-4, -5};
    static const int32_t bf[2] = {7, -7}, mf[1] = {1200000000}, sf[1] = {-3};
    fl_mb_layer_t l;
    fl_mb_free(&g_b);
    fl_mb_init(&g_b, FL_MODEL_SCHEME_S8, "s8base", 1u);
    fl_mb_input_s8(&g_b, 4, 4, 3, FL_MODEL_RESIZE_BILINEAR, mean, scale, 0.02f, 10);
    fl_mb_label(&g_b, "yes");
    fl_mb_label(&g_b, "no");
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_CONV;
    l.out_h = 4; l.out_w = 4; l.out_c = 2;
    l.kh = l.kw = 1; l.sh = l.sw = 1;
    l.in_zp = 10; l.out_zp = -3; l.act_min = -128; l.act_max = 127;
    l.weights = wc; l.weights_len = 6; l.bias = bc; l.bias_len = 8;
    l.mult = mc; l.shift = sc; l.quant_count = 2;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_AVGPOOL;
    l.out_h = 2; l.out_w = 2; l.out_c = 2;
    l.kh = l.kw = 2; l.sh = l.sw = 2;
    l.in_zp = -3; l.out_zp = -3; l.act_min = -128; l.act_max = 127;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_FC;
    l.out_h = 1; l.out_w = 1; l.out_c = 2;
    l.in_zp = -3; l.out_zp = 4; l.act_min = -128; l.act_max = 127;
    l.weights = wf; l.weights_len = 16; l.bias = bf; l.bias_len = 8;
    l.mult = mf; l.shift = sf; l.quant_count = 1;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_SOFTMAX;
    l.out_h = 1; l.out_w = 1; l.out_c = 2;
    l.in_zp = 4; l.out_zp = -128; l.act_min = -128; l.act_max = 127;
    l.sm_mult = 1 << 30; l.sm_shift = 23; l.sm_diff_min = -248;
    fl_mb_layer(&g_b, &l);
    return fl_mb_finish(&g_b, len, fl_mb_sha256_mbedtls, NULL);
}

/* An 8-channel 4x4 tensor (a window of thermal frames) -> conv1x1 -> max pool -> fc: the COLOUR_TENSOR input. */
static uint8_t *build_tensor(size_t *len)
{
    static int8_t wc[4 * 8], wf[2 * 4];
    static const int32_t bc[4] = {1, 2, 3, 4}, mc[4] = {1 << 30, 1 << 30, 1 << 30, 1 << 30}, sc[4] = {-4, -4, -4, -4};
    static const int32_t bf[2] = {5, -5}, mf[1] = {1 << 30}, sf[1] = {-2};
    fl_mb_layer_t l;
    int i;
    for (i = 0; i < (int)sizeof wc; i++) {
        wc[i] = (int8_t)((i * 37) % 101 - 50);
    }
    for (i = 0; i < (int)sizeof wf; i++) {
        wf[i] = (int8_t)((i * 53) % 91 - 45);
    }
    fl_mb_free(&g_b);
    fl_mb_init(&g_b, FL_MODEL_SCHEME_S8, "tensorbase", 1u);
    fl_mb_input_tensor(&g_b, 4, 4, 8, 0.05f, -7);
    fl_mb_label(&g_b, "empty");
    fl_mb_label(&g_b, "person");
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_CONV;
    l.out_h = 4; l.out_w = 4; l.out_c = 4;
    l.kh = l.kw = 1; l.sh = l.sw = 1;
    l.in_zp = -7; l.out_zp = -128; l.act_min = -128; l.act_max = 127;
    l.weights = wc; l.weights_len = sizeof wc; l.bias = bc; l.bias_len = 16;
    l.mult = mc; l.shift = sc; l.quant_count = 4;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_MAXPOOL;
    l.out_h = 1; l.out_w = 1; l.out_c = 4;
    l.kh = l.kw = 4; l.sh = l.sw = 4;
    l.in_zp = -128; l.out_zp = -128; l.act_min = -128; l.act_max = 127;
    fl_mb_layer(&g_b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_FC;
    l.out_h = 1; l.out_w = 1; l.out_c = 2;
    l.in_zp = -128; l.out_zp = 0; l.act_min = -128; l.act_max = 127;
    l.weights = wf; l.weights_len = sizeof wf; l.bias = bf; l.bias_len = 8;
    l.mult = mf; l.shift = sf; l.quant_count = 1;
    fl_mb_layer(&g_b, &l);
    return fl_mb_finish(&g_b, len, fl_mb_sha256_mbedtls, NULL);
}

static fl_status_t load_checked(const uint8_t *blob, size_t len, fl_model_error_t *err)
{
    fl_arena_t arena;
    fl_model_t m;
    fl_model_load_options_t opts;
    fl_status_t st;
    opts.sha256 = fl_mb_sha256_mbedtls;
    opts.sha256_user = NULL;
    if (fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem) != FL_OK) {
        return FL_ERR_STATE;
    }
    st = fl_model_load(&m, blob, len, &arena, &opts, err);
    if (st != FL_OK && (err->msg == NULL || m.layers != NULL)) {
        return FL_ERR_STATE; /* every rejection says why and leaves the model zeroed */
    }
    return st;
}

static void test_base_blobs_load(void)
{
    size_t len;
    uint8_t *q = build_q7(&len);
    fl_model_error_t err;
    FL_CHECK_EQ_INT(FL_OK, load_checked(q, len, &err));
    free(q);
    q = build_s8(&len);
    FL_CHECK_EQ_INT(FL_OK, load_checked(q, len, &err));
    free(q);
}

static void truncations(uint8_t *(*build)(size_t *), const char *name)
{
    size_t len, cut, bad = 0;
    uint8_t *blob = build(&len);
    for (cut = 0; cut < len; cut++) {
        /* exact-size copy so ASan would catch a read past the end */
        uint8_t *t = (uint8_t *)malloc(cut > 0 ? cut : 1u);
        fl_model_info_t info;
        fl_model_error_t err;
        memcpy(t, blob, cut);
        if (fl_model_inspect(cut > 0 ? t : NULL, cut, &info, &err) == FL_OK || err.msg == NULL) {
            bad++;
        }
        if (load_checked(cut > 0 ? t : NULL, cut, &err) == FL_OK || err.msg == NULL) {
            bad++;
        }
        free(t);
    }
    printf("  %s: %zu truncation lengths, %zu accepted or without a message\n", name, len, bad);
    FL_CHECK_EQ_INT(0, bad);
    free(blob);
}

static void test_every_truncation_fails(void)
{
    truncations(build_q7, "q7 base");
    truncations(build_s8, "s8 base");
}

/* Without rehashing, any flipped bit anywhere is caught: by the hash from byte 44 on, by the strict framing
 * fields before it. With rehashing, mutations reach the field checks: none may crash. */
static void test_every_byte_flip_fails_with_hash(void)
{
    size_t len, i, bad = 0, ok_rehashed = 0, rej_rehashed = 0;
    uint8_t *blob = build_s8(&len);
    for (i = 0; i < len; i++) {
        static const uint8_t masks[3] = {0x01, 0x80, 0xFF};
        int k;
        for (k = 0; k < 3; k++) {
            uint8_t *t = (uint8_t *)malloc(len);
            fl_model_error_t err;
            fl_status_t st;
            memcpy(t, blob, len);
            t[i] ^= masks[k];
            st = load_checked(t, len, &err);
            if (st == FL_OK || st == FL_ERR_STATE) {
                bad++;
            }
            if (i >= 8u && i < 40u && st != FL_ERR_MISMATCH) {
                bad++; /* a flip in the stored hash is a hash mismatch */
            }
            if (i >= 44u && st != FL_ERR_MISMATCH) {
                bad++; /* covered by the hash */
            }
            fl_mb_rehash(t, len, fl_mb_sha256_mbedtls, NULL);
            st = load_checked(t, len, &err);
            if (st == FL_ERR_STATE) {
                bad++;
            }
            st == FL_OK ? ok_rehashed++ : rej_rehashed++;
            free(t);
        }
    }
    printf("  byte flips: %zu x 3 masks; rehashed: %zu accepted (weights, biases, means), %zu rejected\n", len,
           ok_rehashed, rej_rehashed);
    FL_CHECK_EQ_INT(0, bad);
    free(blob);
}

enum { HDR, INP, LAB, R0, R1, R2, R3, WS };

typedef struct {
    int sec;
    size_t rel;
    int width; /* 1, 2, 4 */
    uint32_t value;
    fl_status_t expect;
} patch_t;

static size_t sec_base(int sec, uint32_t n_labels, uint32_t n_layers)
{
    size_t layers = 164u + 4u + 16u * n_labels;
    switch (sec) {
    case HDR:
        return 0;
    case INP:
        return 128;
    case LAB:
        return 164;
    case WS:
        return layers + 72u * n_layers;
    default:
        return layers + 72u * (size_t)(sec - R0);
    }
}

static void apply(uint8_t *t, size_t off, int width, uint32_t v)
{
    if (width == 1) {
        t[off] = (uint8_t)v;
    } else if (width == 2) {
        fl_mb_put16(t + off, (uint16_t)v);
    } else {
        fl_mb_put32(t + off, v);
    }
}

static void run_patches(uint8_t *(*build)(size_t *), uint32_t n_labels, uint32_t n_layers, const patch_t *p,
                        size_t n, const char *name)
{
    size_t len, i;
    int failures = 0;
    uint8_t *blob = build(&len);
    for (i = 0; i < n; i++) {
        uint8_t *t = (uint8_t *)malloc(len);
        size_t off = sec_base(p[i].sec, n_labels, n_layers) + p[i].rel;
        fl_model_error_t err;
        fl_model_info_t info;
        fl_status_t st, st_inspect;
        memcpy(t, blob, len);
        apply(t, off, p[i].width, p[i].value);
        fl_mb_rehash(t, len, fl_mb_sha256_mbedtls, NULL);
        st = load_checked(t, len, &err);
        st_inspect = fl_model_inspect(t, len, &info, &err);
        if (st != p[i].expect || st_inspect != p[i].expect) {
            printf("  FAIL %s patch %zu (byte %zu = 0x%x): expected %s, load %s, inspect %s (%s)\n", name, i, off,
                   (unsigned)p[i].value, fl_status_name(p[i].expect), fl_status_name(st), fl_status_name(st_inspect),
                   err.msg != NULL ? err.msg : "-");
            failures++;
        }
        free(t);
    }
    printf("  %s: %zu single-field corruptions, %d with the wrong status\n", name, n, failures);
    FL_CHECK_EQ_INT(0, failures);
    free(blob);
}

static void test_tensor_input_loads_and_runs(void)
{
    size_t len, i;
    uint8_t *blob = build_tensor(&len);
    fl_model_error_t err;
    fl_model_info_t info;
    fl_arena_t arena;
    fl_model_t m;
    fl_model_load_options_t opts = {fl_mb_sha256_mbedtls, NULL};
    int8_t in[4 * 4 * 8], out[2];
    FL_CHECK_EQ_INT(FL_OK, fl_model_inspect(blob, len, &info, &err));
    FL_CHECK_EQ_INT(FL_MODEL_COLOUR_TENSOR, info.input.colour);
    FL_CHECK_EQ_INT(8, info.input.c);
    FL_CHECK_EQ_INT(-7, info.input.s8_input_zero_point);
    FL_CHECK(info.input.s8_input_scale == 0.05f);
    FL_CHECK(info.input.mean[0] == 0u && info.input.s8_scale[0] == 0.0f);
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem));
    FL_CHECK_EQ_INT(FL_OK, fl_model_load(&m, blob, len, &arena, &opts, &err));
    for (i = 0; i < sizeof in; i++) {
        in[i] = (int8_t)((int)(i * 7u % 200u) - 100);
    }
    FL_CHECK_EQ_INT(FL_OK, fl_model_run(&m, in, out));
    {
        static const uint8_t px[16] = {0};
        fl_image_t img = {px, 4, 4, 4, FL_PIXFMT_GRAYSCALE};
        FL_CHECK_EQ_INT(FL_ERR_STATE, fl_model_preprocess(&m, &img, NULL, in)); /* not a picture */
    }
    free(blob);
}

static void test_tensor_input_fields_corrupted_one_at_a_time(void)
{
    const patch_t p[] = {
        {INP, 4, 2, 0, FL_ERR_RANGE},            /* c = 0 */
        {INP, 4, 2, 257, FL_ERR_RANGE},          /* c above 256 */
        {INP, 6, 1, 3, FL_ERR_RANGE},            /* colour undefined */
        {INP, 6, 1, FL_MODEL_COLOUR_RGB, FL_ERR_RANGE}, /* RGB with 8 channels */
        {INP, 7, 1, FL_MODEL_RESIZE_BILINEAR, FL_ERR_FORMAT},
        {INP, 8, 1, 128, FL_ERR_FORMAT},         /* a pixel mean on a tensor */
        {INP, 12, 1, 8, FL_ERR_FORMAT},          /* a q7 shift on a tensor */
        {INP, 16, 4, 0x3F800000u, FL_ERR_FORMAT}, /* a pixel scale on a tensor */
        {INP, 28, 4, 0, FL_ERR_RANGE},           /* input scale 0 */
        {INP, 28, 4, 0x7FC00000u, FL_ERR_RANGE}, /* NaN */
        {INP, 32, 1, 0, FL_ERR_MISMATCH},        /* zero point vs layer 0 */
        {HDR, 84, 1, FL_MODEL_SCHEME_Q7, FL_ERR_FORMAT}, /* a tensor input in a q7 model */
    };
    run_patches(build_tensor, 2, 3, p, sizeof p / sizeof p[0], "tensor base");
}

static void test_q7_fields_corrupted_one_at_a_time(void)
{
    size_t len;
    uint8_t *b = build_q7(&len);
    uint32_t arena = (uint32_t)b[88] | ((uint32_t)b[89] << 8) | ((uint32_t)b[90] << 16);
    uint32_t wlen = (uint32_t)b[124] | ((uint32_t)b[125] << 8);
    const patch_t p[] = {
        {HDR, 0, 1, 'X', FL_ERR_FORMAT},
        {HDR, 3, 1, 'd', FL_ERR_FORMAT},
        {HDR, 4, 2, 2, FL_ERR_UNSUPPORTED},
        {HDR, 4, 2, 0, FL_ERR_UNSUPPORTED},
        {HDR, 4, 2, 0xFFFF, FL_ERR_UNSUPPORTED},
        {HDR, 6, 2, 64, FL_ERR_FORMAT},
        {HDR, 6, 2, 132, FL_ERR_FORMAT},
        {HDR, 40, 4, (uint32_t)len + 4u, FL_ERR_FORMAT},
        {HDR, 40, 4, (uint32_t)len - 4u, FL_ERR_FORMAT},
        {HDR, 40, 4, 0xFFFFFFFFu, FL_ERR_FORMAT},
        {HDR, 44, 4, 2, FL_ERR_UNSUPPORTED}, /* bit 0 is the self-test flag (test_slots_selftest) */
        {HDR, 44, 4, 0x80000000u, FL_ERR_UNSUPPORTED},
        {HDR, 48, 1, 0, FL_ERR_RANGE},   /* empty id */
        {HDR, 48, 1, '!', FL_ERR_RANGE},
        {HDR, 48, 1, ' ', FL_ERR_RANGE},
        {HDR, 79, 1, 'a', FL_ERR_RANGE}, /* text after the NUL / no terminator */
        {HDR, 80, 4, 0xFFFFFFFFu, FL_OK}, /* model version: any value */
        {HDR, 84, 1, 0, FL_ERR_UNSUPPORTED},
        {HDR, 84, 1, 3, FL_ERR_UNSUPPORTED},
        {HDR, 84, 1, FL_MODEL_SCHEME_S8, FL_ERR_RANGE}, /* q7 input read as s8: no s8 scale */
        {HDR, 85, 1, 0, FL_ERR_RANGE},
        {HDR, 85, 1, 65, FL_ERR_RANGE},
        {HDR, 85, 1, 5, FL_ERR_MISMATCH}, /* layer table length */
        {HDR, 86, 2, 1, FL_ERR_FORMAT},
        {HDR, 88, 4, arena + 1u, FL_ERR_MISMATCH},
        {HDR, 88, 4, arena - 4u, FL_ERR_MISMATCH},
        {HDR, 88, 4, 0, FL_ERR_MISMATCH},
        {HDR, 92, 4, 1, FL_ERR_FORMAT},
        {HDR, 96, 4, 132, FL_ERR_FORMAT},
        {HDR, 100, 4, 40, FL_ERR_FORMAT},
        {HDR, 100, 4, 32, FL_ERR_FORMAT},
        {HDR, 104, 4, 0, FL_ERR_FORMAT},
        {HDR, 108, 4, 4u + 16u * 4u, FL_ERR_FORMAT},
        {HDR, 116, 4, 72u * 5u, FL_ERR_FORMAT},
        {HDR, 120, 4, 0xFFFFFFF0u, FL_ERR_FORMAT},
        {HDR, 124, 4, wlen + 4u, FL_ERR_MISMATCH}, /* flash_bytes no longer the end of the sections */
        {HDR, 124, 4, wlen - 4u, FL_ERR_MISMATCH},
        {HDR, 124, 4, wlen + 2u, FL_ERR_FORMAT},
        {HDR, 124, 4, 0xFFFFFFFCu, FL_ERR_FORMAT},
        {INP, 0, 2, 0, FL_ERR_RANGE},
        {INP, 0, 2, 2049, FL_ERR_RANGE},
        {INP, 0, 2, 5, FL_ERR_MISMATCH}, /* layer 0 input shape */
        {INP, 2, 2, 0xFFFF, FL_ERR_RANGE},
        {INP, 4, 2, 2, FL_ERR_RANGE},
        {INP, 4, 2, 3, FL_ERR_MISMATCH}, /* 3 channels but gray */
        {INP, 6, 1, 1, FL_ERR_MISMATCH}, /* RGB with 1 channel */
        {INP, 6, 1, 3, FL_ERR_RANGE},           /* colour undefined */
        {INP, 6, 1, FL_MODEL_COLOUR_TENSOR, FL_ERR_FORMAT}, /* tensor input in q7 */
        {INP, 7, 1, 2, FL_ERR_RANGE},
        {INP, 8, 1, 255, FL_OK},         /* any mean */
        {INP, 9, 1, 5, FL_ERR_FORMAT},   /* mean of a channel the input lacks */
        {INP, 11, 1, 1, FL_ERR_FORMAT},
        {INP, 12, 1, 0, FL_ERR_RANGE},
        {INP, 12, 1, 17, FL_ERR_RANGE},
        {INP, 12, 1, 16, FL_OK},
        {INP, 13, 1, 8, FL_ERR_FORMAT},
        {INP, 16, 4, 0x3F800000u, FL_ERR_FORMAT}, /* s8 scale in a q7 model */
        {INP, 28, 4, 0x3F800000u, FL_ERR_FORMAT},
        {INP, 32, 1, 1, FL_ERR_FORMAT},
        {INP, 35, 1, 1, FL_ERR_FORMAT},
        {LAB, 0, 2, 0, FL_ERR_RANGE},
        {LAB, 0, 2, 2, FL_ERR_MISMATCH}, /* section length */
        {LAB, 0, 2, 2000, FL_ERR_RANGE},
        {LAB, 2, 2, 1, FL_ERR_FORMAT},
        {LAB, 4, 1, 0, FL_ERR_RANGE},
        {LAB, 4, 1, 0x01, FL_ERR_RANGE},
        {LAB, 4, 1, 0x80, FL_ERR_RANGE},
        {LAB, 4 + 15, 1, 'z', FL_ERR_RANGE},
        {LAB, 4 + 16 + 1, 1, 'z', FL_OK}, /* "bz" is a fine label */
        {R0, 0, 1, 0, FL_ERR_UNSUPPORTED},
        {R0, 0, 1, 9, FL_ERR_UNSUPPORTED},
        {R0, 0, 1, 255, FL_ERR_UNSUPPORTED},
        {R0, 1, 1, 1, FL_ERR_FORMAT},
        {R0, 2, 2, 1, FL_ERR_FORMAT},
        {R0, 4, 2, 5, FL_ERR_MISMATCH},
        {R0, 8, 2, 0, FL_ERR_RANGE},
        {R0, 8, 2, 4097, FL_ERR_RANGE},
        {R0, 10, 2, 6, FL_ERR_MISMATCH}, /* output larger than the window rule allows */
        {R0, 12, 2, 1, FL_ERR_MISMATCH},
        {R0, 14, 2, 3, FL_ERR_MISMATCH}, /* weight length no longer matches */
        {R0, 16, 1, 0, FL_ERR_RANGE},
        {R0, 16, 1, 65, FL_ERR_RANGE},
        {R0, 18, 1, 0, FL_ERR_RANGE},
        {R0, 19, 1, 65, FL_ERR_RANGE},
        {R0, 20, 1, 3, FL_ERR_RANGE},    /* pad >= kernel */
        {R0, 22, 1, 1, FL_ERR_FORMAT},   /* channel multiplier on a conv */
        {R0, 23, 1, 1, FL_ERR_FORMAT},
        {R0, 24, 1, 32, FL_ERR_RANGE},
        {R0, 25, 1, 32, FL_ERR_RANGE},
        {R0, 26, 1, 2, FL_ERR_RANGE},
        {R0, 26, 1, 1, FL_OK},           /* rounding: round */
        {R0, 27, 1, 1, FL_ERR_FORMAT},
        {R0, 28, 1, 1, FL_ERR_FORMAT},
        {R0, 39, 1, 1, FL_ERR_FORMAT},
        {R0, 40, 4, 4, FL_ERR_FORMAT},   /* weights not at the packing cursor */
        {R0, 44, 4, 17, FL_ERR_MISMATCH},
        {R0, 44, 4, 0, FL_ERR_MISMATCH}, /* offset 0, length 0: a required tensor absent */
        {R0, 48, 4, 0, FL_ERR_FORMAT},   /* bias offset 0: not at the cursor */
        {R0, 52, 4, 0, FL_ERR_FORMAT},   /* bias absent with a non-zero offset */
        {R0, 56, 4, 4, FL_ERR_FORMAT},
        {R0, 60, 4, 4, FL_ERR_MISMATCH}, /* multipliers on a q7 layer */
        {R1, 10, 2, 3, FL_ERR_MISMATCH},
        {R1, 16, 1, 1, FL_ERR_FORMAT},
        {R1, 24, 1, 1, FL_ERR_FORMAT},
        {R1, 27, 1, 1, FL_ERR_FORMAT},
        {R1, 0, 1, FL_MODEL_OP_RELU6, FL_OK}, /* relu6 with 0 fractional bits */
        {R1, 0, 1, FL_MODEL_OP_SOFTMAX, FL_OK},
        {R2, 14, 2, 3, FL_ERR_MISMATCH}, /* pool changes channels */
        {R2, 0, 1, FL_MODEL_OP_AVGPOOL, FL_OK},
        {R2, 20, 1, 1, FL_OK},           /* top padding 1: pad_end -1 > -stride, still valid */
        {R2, 18, 1, 1, FL_ERR_MISMATCH}, /* stride 1: pad_end -1 = -stride, a whole output row dropped */
        {R3, 10, 2, 2, FL_ERR_MISMATCH},
        {R3, 0, 1, FL_MODEL_OP_CONV, FL_ERR_RANGE}, /* fc as conv: no kernel */
        {WS, 18, 1, 1, FL_ERR_FORMAT},   /* padding after the conv weights */
        {WS, 0, 1, 0x7F, FL_OK},         /* weights may take any value */
    };
    FL_CHECK(sizeof p / sizeof p[0] > 100u);
    free(b);
    run_patches(build_q7, 3, 4, p, sizeof p / sizeof p[0], "q7 base");
}

static void test_s8_fields_corrupted_one_at_a_time(void)
{
    const patch_t p[] = {
        {INP, 12, 1, 1, FL_ERR_FORMAT},          /* q7 shift in an s8 model */
        {INP, 16, 4, 0, FL_ERR_RANGE},           /* scale 0 */
        {INP, 16, 4, 0x7FC00000u, FL_ERR_RANGE}, /* NaN */
        {INP, 16, 4, 0x7F800000u, FL_ERR_RANGE}, /* +inf */
        {INP, 16, 4, 0xBF800000u, FL_ERR_RANGE}, /* -1.0 */
        {INP, 16, 4, 1, FL_ERR_RANGE},           /* subnormal */
        {INP, 28, 4, 0, FL_ERR_RANGE},
        {INP, 28, 4, 0x40000000u, FL_OK},        /* 2.0 */
        {INP, 32, 1, 11, FL_ERR_MISMATCH},       /* input zero point vs layer 0 */
        {R0, 24, 1, 11, FL_ERR_MISMATCH},
        {R0, 25, 1, 0, FL_ERR_MISMATCH},         /* next layer's input zero point */
        {R0, 26, 2, 0x8064u, FL_ERR_RANGE},      /* act min 100 > max -128 */
        {R0, 26, 1, 0, FL_OK},
        {R0, 28, 4, 5, FL_ERR_FORMAT},           /* softmax fields on a conv */
        {R0, 60, 4, 4, FL_ERR_MISMATCH},         /* multiplier count */
        {WS, 8 + 8, 4, 0, FL_ERR_RANGE},         /* multiplier 0 */
        {WS, 8 + 8, 4, 0x80000000u, FL_ERR_RANGE},
        {WS, 8 + 8 + 8, 4, 31, FL_ERR_RANGE},    /* shift 31 */
        {WS, 8 + 8 + 8, 4, (uint32_t)-32, FL_ERR_RANGE},
        {WS, 8 + 8 + 8, 4, 30, FL_OK},
        {WS, 8 + 8 + 8, 4, (uint32_t)-31, FL_OK},
        {WS, 6, 1, 1, FL_ERR_FORMAT},            /* padding after the 6 conv weights */
        {R1, 25, 1, 0, FL_ERR_MISMATCH},         /* pool changes the zero point */
        {R3, 25, 1, 0x81, FL_ERR_MISMATCH},      /* softmax output zero point -127 */
        {R3, 27, 1, 100, FL_ERR_MISMATCH},
        {R3, 28, 4, 0, FL_ERR_RANGE},
        {R3, 32, 4, 32, FL_ERR_RANGE},
        {R3, 36, 4, 1, FL_ERR_RANGE},
        {R3, 36, 4, 0, FL_OK},
        {R3, 0, 1, FL_MODEL_OP_RELU, FL_ERR_FORMAT}, /* relu with softmax fields */
        {R2, 22, 1, 1, FL_ERR_FORMAT},
    };
    run_patches(build_s8, 2, 4, p, sizeof p / sizeof p[0], "s8 base");
}

static fl_status_t failing_sha(void *user, const uint8_t *data, size_t len, uint8_t digest[32])
{
    (void)user;
    (void)data;
    (void)len;
    memset(digest, 0, 32);
    return FL_ERR_IO;
}

static void test_hash_mismatch_and_hash_options(void)
{
    size_t len;
    uint8_t *blob = build_q7(&len);
    fl_model_error_t err;
    fl_model_info_t info;
    fl_arena_t arena;
    fl_model_t m;
    fl_model_load_options_t opts;
    blob[len - 10u] ^= 0x10u; /* a fully connected weight */
    FL_CHECK_EQ_INT(FL_ERR_MISMATCH, load_checked(blob, len, &err));
    FL_CHECK(err.msg != NULL && strstr(err.msg, "hash") != NULL);
    FL_CHECK_EQ_INT(8, err.offset);
    /* inspect does not hash; load with no hash function trusts the caller */
    FL_CHECK_EQ_INT(FL_OK, fl_model_inspect(blob, len, &info, &err));
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem));
    FL_CHECK_EQ_INT(FL_OK, fl_model_load(&m, blob, len, &arena, NULL, &err));
    opts.sha256 = NULL;
    opts.sha256_user = NULL;
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem));
    FL_CHECK_EQ_INT(FL_OK, fl_model_load(&m, blob, len, &arena, &opts, &err));
    opts.sha256 = failing_sha;
    FL_CHECK_EQ_INT(FL_ERR_IO, fl_model_load(&m, blob, len, &arena, &opts, &err));
    /* the hash lives in the header: inspect reports it */
    fl_mb_rehash(blob, len, fl_mb_sha256_mbedtls, NULL);
    FL_CHECK_EQ_INT(FL_OK, fl_model_inspect(blob, len, &info, &err));
    FL_CHECK(memcmp(info.sha256, blob + 8, 32) == 0);
    FL_CHECK_EQ_INT(FL_OK, load_checked(blob, len, &err));
    free(blob);
}

static void test_wrong_flash_and_arena_figures(void)
{
    size_t len;
    uint8_t *blob = build_q7(&len);
    uint8_t *t = (uint8_t *)calloc(len + 4u, 1);
    fl_model_error_t err;
    uint32_t wlen = (uint32_t)blob[124] | ((uint32_t)blob[125] << 8);
    /* 4 bytes appended and declared in flash_bytes, but no section holds them */
    memcpy(t, blob, len);
    fl_mb_put32(t + 40, (uint32_t)len + 4u);
    fl_mb_rehash(t, len + 4u, fl_mb_sha256_mbedtls, NULL);
    FL_CHECK_EQ_INT(FL_ERR_MISMATCH, load_checked(t, len + 4u, &err));
    FL_CHECK(strstr(err.msg, "flash_bytes") != NULL);
    /* ... and given to the weight section: no tensor uses them */
    fl_mb_put32(t + 124, wlen + 4u);
    fl_mb_rehash(t, len + 4u, fl_mb_sha256_mbedtls, NULL);
    FL_CHECK_EQ_INT(FL_ERR_MISMATCH, load_checked(t, len + 4u, &err));
    FL_CHECK(strstr(err.msg, "weight section") != NULL);
    /* arena figure off by one either way */
    memcpy(t, blob, len);
    t[88] = (uint8_t)(t[88] + 1u);
    fl_mb_rehash(t, len, fl_mb_sha256_mbedtls, NULL);
    FL_CHECK_EQ_INT(FL_ERR_MISMATCH, load_checked(t, len, &err));
    FL_CHECK(strstr(err.msg, "arena_bytes") != NULL);
    FL_CHECK_EQ_INT(88, err.offset);
    /* a length that disagrees with flash_bytes is framing, not a figure */
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, load_checked(blob, len - 1u, &err));
    free(t);
    free(blob);
}

static void test_future_version_is_unsupported(void)
{
    size_t len, n;
    uint8_t *blob = build_q7(&len);
    uint8_t *t = (uint8_t *)malloc(len);
    fl_model_error_t err;
    fl_model_info_t info;
    memcpy(t, blob, len);
    fl_mb_put16(t + 4, 2);
    /* whatever a v2 puts after byte 6: */
    for (n = 6; n < len; n++) {
        t[n] = (uint8_t)(n * 7u);
    }
    FL_CHECK_EQ_INT(FL_ERR_UNSUPPORTED, load_checked(t, len, &err));
    FL_CHECK(strstr(err.msg, "version") != NULL);
    FL_CHECK_EQ_INT(4, err.offset);
    for (n = 6; n <= 200; n += 97) {
        FL_CHECK_EQ_INT(FL_ERR_UNSUPPORTED, fl_model_inspect(t, n, &info, &err));
    }
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_model_inspect(t, 5, &info, &err)); /* version field itself truncated */
    free(t);
    free(blob);
}

static void test_layer_errors_name_the_layer(void)
{
    size_t len;
    uint8_t *blob = build_q7(&len);
    fl_model_error_t err;
    size_t r2 = sec_base(R2, 3, 4);
    blob[r2 + 16] = 0; /* pool kernel 0 */
    fl_mb_rehash(blob, len, fl_mb_sha256_mbedtls, NULL);
    FL_CHECK_EQ_INT(FL_ERR_RANGE, load_checked(blob, len, &err));
    FL_CHECK_EQ_INT(2, err.layer);
    FL_CHECK(err.offset > r2 && err.offset <= r2 + 24u);
    free(blob);
}

static void test_misaligned_blob_and_unsupported_variants(void)
{
    size_t len;
    uint8_t *blob = build_s8(&len);
    uint8_t *t = (uint8_t *)malloc(len + 1u);
    fl_model_error_t err;
    fl_arena_t arena;
    fl_model_t m;
    fl_model_info_t info;
    static const uint8_t mean[3] = {0, 0, 0}, shift[3] = {8, 8, 8};
    static const int8_t w[3 * 3 * 6] = {0};
    fl_mb_layer_t l;
    memcpy(t + 1, blob, len);
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_model_load(&m, t + 1, len, &arena, NULL, &err));
    FL_CHECK(err.msg != NULL);
    FL_CHECK_EQ_INT(FL_OK, fl_model_inspect(t + 1, len, &info, &err)); /* inspect reads bytes only */
    free(t);
    free(blob);
    /* q7 depthwise with a channel multiplier: well-formed, but no q7 kernel */
    fl_mb_free(&g_b);
    fl_mb_init(&g_b, FL_MODEL_SCHEME_Q7, "dw", 1u);
    fl_mb_input_q7(&g_b, 3, 3, 3, 0, mean, shift);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_DWCONV;
    l.out_h = 1; l.out_w = 1; l.out_c = 6;
    l.kh = l.kw = 3; l.sh = l.sw = 1; l.ch_mult = 2;
    l.weights = w; l.weights_len = sizeof w;
    fl_mb_layer(&g_b, &l);
    fl_mb_labels_numbered(&g_b, 6);
    blob = fl_mb_finish(&g_b, &len, fl_mb_sha256_mbedtls, NULL);
    FL_CHECK_EQ_INT(FL_ERR_UNSUPPORTED, load_checked(blob, len, &err));
    free(blob);
    /* label count differs from the outputs */
    fl_mb_free(&g_b);
    fl_mb_init(&g_b, FL_MODEL_SCHEME_Q7, "dw", 1u);
    fl_mb_input_q7(&g_b, 3, 3, 3, 0, mean, shift);
    l.ch_mult = 1;
    l.out_c = 3;
    l.weights_len = 27;
    fl_mb_layer(&g_b, &l);
    fl_mb_labels_numbered(&g_b, 4);
    blob = fl_mb_finish(&g_b, &len, fl_mb_sha256_mbedtls, NULL);
    FL_CHECK_EQ_INT(FL_ERR_MISMATCH, load_checked(blob, len, &err));
    FL_CHECK(strstr(err.msg, "label") != NULL);
    free(blob);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_base_blobs_load, passed);
    FL_RUN(test_every_truncation_fails, passed);
    FL_RUN(test_every_byte_flip_fails_with_hash, passed);
    FL_RUN(test_tensor_input_loads_and_runs, passed);
    FL_RUN(test_tensor_input_fields_corrupted_one_at_a_time, passed);
    FL_RUN(test_q7_fields_corrupted_one_at_a_time, passed);
    FL_RUN(test_s8_fields_corrupted_one_at_a_time, passed);
    FL_RUN(test_hash_mismatch_and_hash_options, passed);
    FL_RUN(test_wrong_flash_and_arena_figures, passed);
    FL_RUN(test_future_version_is_unsupported, passed);
    FL_RUN(test_layer_errors_name_the_layer, passed);
    FL_RUN(test_misaligned_blob_and_unsupported_variants, passed);
    fl_mb_free(&g_b);
    FL_TEST_MAIN_END(passed);
}
