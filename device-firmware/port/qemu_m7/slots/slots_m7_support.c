/* SPDX-License-Identifier: MIT */
#include "slots_m7_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_model.h"
#include "fl_host_crypto.h"
#include "fl_model_builder.h"
#include "mbedtls/ecdsa.h"
#include "mbedtls/hmac_drbg.h"

static mbedtls_hmac_drbg_context g_drbg;
static mbedtls_ecdsa_context g_keys[2];
static uint8_t g_build_arena[64 * 1024] __attribute__((aligned(8)));

void sm_die(const char *what)
{
    printf("setup failed: %s\n", what);
    exit(2);
}

/* ---- keys and signatures (test side only) ---- */

void sm_seed_rng(void)
{
    uint8_t seed[48];
    FILE *f = fopen("/dev/urandom", "rb");
    if (f == NULL || fread(seed, 1, sizeof seed, f) != sizeof seed) {
        sm_die("no entropy from the host's /dev/urandom through semihosting");
    }
    (void)fclose(f);
    mbedtls_hmac_drbg_init(&g_drbg);
    if (mbedtls_hmac_drbg_seed_buf(&g_drbg, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), seed, sizeof seed) != 0) {
        sm_die("hmac_drbg_seed");
    }
}

void sm_keygen(int k, uint8_t pub[65])
{
    size_t olen = 0;
    mbedtls_ecdsa_init(&g_keys[k]);
    if (mbedtls_ecdsa_genkey(&g_keys[k], MBEDTLS_ECP_DP_SECP256R1, mbedtls_hmac_drbg_random, &g_drbg) != 0 ||
        mbedtls_ecp_point_write_binary(&g_keys[k].grp, &g_keys[k].Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen,
                                       pub, 65) != 0 || olen != 65u) {
        sm_die("ecdsa_genkey");
    }
}

void sm_sign(int k, const uint8_t *data, size_t len, uint8_t sig[64])
{
    uint8_t digest[32];
    mbedtls_mpi r, s;
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    if (fl_host_sha256(NULL, data, len, digest) != FL_OK ||
        mbedtls_ecdsa_sign(&g_keys[k].grp, &r, &s, &g_keys[k].d, digest, 32, mbedtls_hmac_drbg_random, &g_drbg) != 0 ||
        mbedtls_mpi_write_binary(&r, sig, 32) != 0 || mbedtls_mpi_write_binary(&s, sig + 32, 32) != 0) {
        sm_die("ecdsa_sign");
    }
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
}

/* ---- test models: 16x16x1 -conv 3x3-> 16x16x8 -relu-> -maxpool-> 8x8x8 -fc-> 20 -softmax, + self-test ---- */

uint32_t sm_rand(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 16;
}

uint8_t *sm_model(const char *id, uint32_t version, uint32_t seed, size_t *len)
{
    static const uint8_t mean[3] = {128, 0, 0}, shift[3] = {8, 0, 0};
    static int8_t w_conv[8 * 9], b_conv[8], w_fc[20 * 512], b_fc[20];
    static fl_mb_t b;
    fl_mb_layer_t l;
    fl_model_t m;
    fl_arena_t arena;
    uint8_t *blob, *out;
    size_t blen, i, in_len = 16u * 16u, n_out = 20u, st_len;
    int8_t input[16 * 16], expected[20];
    uint32_t rng = seed;
    for (i = 0; i < sizeof w_conv; i++) w_conv[i] = (int8_t)(uint8_t)sm_rand(&rng);
    for (i = 0; i < sizeof b_conv; i++) b_conv[i] = (int8_t)(uint8_t)sm_rand(&rng);
    for (i = 0; i < sizeof w_fc; i++) w_fc[i] = (int8_t)(uint8_t)sm_rand(&rng);
    for (i = 0; i < sizeof b_fc; i++) b_fc[i] = (int8_t)(uint8_t)sm_rand(&rng);
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
    blob = fl_mb_finish(&b, &blen, fl_host_sha256, NULL);
    fl_mb_free(&b);
    /* The self-test section (docs/model-format.md): a stored input and the output this model gives for it. */
    for (i = 0; i < in_len; i++) input[i] = (int8_t)(uint8_t)sm_rand(&rng);
    if (fl_arena_init(&arena, g_build_arena, sizeof g_build_arena) != FL_OK ||
        fl_model_load(&m, blob, blen, &arena, NULL, NULL) != FL_OK || fl_model_run(&m, input, expected) != FL_OK) {
        sm_die("test model does not load or run");
    }
    st_len = FL_MODEL_SELFTEST_HEAD_BYTES + ((in_len + 3u) & ~(size_t)3u) + ((n_out + 3u) & ~(size_t)3u);
    out = (uint8_t *)calloc(1, blen + st_len);
    if (out == NULL) {
        sm_die("calloc");
    }
    memcpy(out, blob, blen);
    free(blob);
    fl_mb_put32(out + 44, FL_MODEL_FLAG_SELFTEST);
    fl_mb_put32(out + 40, (uint32_t)(blen + st_len));
    fl_mb_put32(out + blen, (uint32_t)in_len);
    fl_mb_put32(out + blen + 4, (uint32_t)n_out);
    memcpy(out + blen + 8, input, in_len);
    memcpy(out + blen + 8 + ((in_len + 3u) & ~(size_t)3u), expected, n_out);
    fl_mb_rehash(out, blen + st_len, fl_host_sha256, NULL);
    *len = blen + st_len;
    return out;
}

void sm_offer(fl_ota_offer_t *o, uint32_t offer_id, const uint8_t *blob, size_t len, int key)
{
    fl_model_info_t info;
    memset(o, 0, sizeof *o);
    o->offer_id = offer_id;
    o->size_bytes = (uint32_t)len;
    o->chunk_size = 1024;
    if (fl_model_inspect(blob, len, &info, NULL) != FL_OK || fl_host_sha256(NULL, blob, len, o->sha256) != FL_OK) {
        sm_die("offer");
    }
    memcpy(o->model_id, info.model_id, sizeof o->model_id);
    o->model_version = info.model_version;
    sm_sign(key, blob, len, o->signature);
}

