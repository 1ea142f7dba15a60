/* SPDX-License-Identifier: MIT */
#include "fl_slot_test_model.h"

#include <stdlib.h>
#include <string.h>

#include "fl_model_builder.h"

static int8_t rnd8(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return (int8_t)(uint8_t)(*state >> 16);
}

uint8_t *fl_slot_test_model(const char *id, uint32_t version, uint32_t seed, int selftest, int corrupt_expected,
                            fl_sha256_fn sha, size_t *len)
{
    static const uint8_t mean[3] = {128, 0, 0}, shift[3] = {8, 0, 0};
    static int8_t w_conv[8 * 9], b_conv[8], w_fc[20 * 512], b_fc[20];
    static uint8_t arena_mem[64 * 1024];
    static fl_mb_t b; /* static: the Cortex-M7 test's stack is small */
    fl_mb_layer_t l;
    fl_model_t m;
    fl_arena_t arena;
    uint8_t *blob, *out;
    size_t blen, i, in_len = 16u * 16u, n_out = 20u, st_len;
    int8_t input[16 * 16], expected[20];
    uint32_t rng = seed;
    for (i = 0; i < sizeof w_conv; i++) w_conv[i] = rnd8(&rng);
    for (i = 0; i < sizeof b_conv; i++) b_conv[i] = rnd8(&rng);
    for (i = 0; i < sizeof w_fc; i++) w_fc[i] = rnd8(&rng);
    for (i = 0; i < sizeof b_fc; i++) b_fc[i] = rnd8(&rng);
    memset(&b, 0, sizeof b);
    fl_mb_init(&b, FL_MODEL_SCHEME_Q7, id, version);
    fl_mb_input_q7(&b, 16, 16, 1, FL_MODEL_RESIZE_NEAREST, mean, shift);
    fl_mb_labels_numbered(&b, 20);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_CONV;
    l.out_h = 16; l.out_w = 16; l.out_c = 8;
    l.kh = 3; l.kw = 3; l.sh = 1; l.sw = 1; l.ph = 1; l.pw = 1;
    l.lshift = 1; l.rshift = 5;
    l.weights = w_conv; l.weights_len = sizeof w_conv;
    l.bias = b_conv; l.bias_len = sizeof b_conv;
    fl_mb_layer(&b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_RELU;
    l.out_h = 16; l.out_w = 16; l.out_c = 8;
    fl_mb_layer(&b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_MAXPOOL;
    l.out_h = 8; l.out_w = 8; l.out_c = 8;
    l.kh = 2; l.kw = 2; l.sh = 2; l.sw = 2;
    fl_mb_layer(&b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_FC;
    l.out_h = 1; l.out_w = 1; l.out_c = 20;
    l.lshift = 2; l.rshift = 9;
    l.weights = w_fc; l.weights_len = sizeof w_fc;
    l.bias = b_fc; l.bias_len = sizeof b_fc;
    fl_mb_layer(&b, &l);
    memset(&l, 0, sizeof l);
    l.op = FL_MODEL_OP_SOFTMAX;
    l.out_h = 1; l.out_w = 1; l.out_c = 20;
    fl_mb_layer(&b, &l);
    blob = fl_mb_finish(&b, &blen, sha, NULL);
    fl_mb_free(&b);
    if (!selftest) {
        *len = blen;
        return blob;
    }
    for (i = 0; i < in_len; i++) input[i] = rnd8(&rng);
    if (fl_arena_init(&arena, arena_mem, sizeof arena_mem) != FL_OK ||
        fl_model_load(&m, blob, blen, &arena, NULL, NULL) != FL_OK || fl_model_run(&m, input, expected) != FL_OK) {
        free(blob);
        return NULL;
    }
    if (corrupt_expected) {
        expected[3] = (int8_t)(expected[3] ^ 0x21);
    }
    st_len = FL_MODEL_SELFTEST_HEAD_BYTES + ((in_len + 3u) & ~(size_t)3u) + ((n_out + 3u) & ~(size_t)3u);
    out = (uint8_t *)calloc(1, blen + st_len);
    if (out == NULL) {
        free(blob);
        return NULL;
    }
    memcpy(out, blob, blen);
    free(blob);
    fl_mb_put32(out + 44, FL_MODEL_FLAG_SELFTEST);
    fl_mb_put32(out + 40, (uint32_t)(blen + st_len));
    fl_mb_put32(out + blen, (uint32_t)in_len);
    fl_mb_put32(out + blen + 4, (uint32_t)n_out);
    memcpy(out + blen + 8, input, in_len);
    memcpy(out + blen + 8 + ((in_len + 3u) & ~(size_t)3u), expected, n_out);
    fl_mb_rehash(out, blen + st_len, sha, NULL);
    *len = blen + st_len;
    return out;
}
