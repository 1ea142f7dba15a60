/* SPDX-License-Identifier: MIT */
#include "test_slots_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/entropy.h>

#include "fl/fl_model.h"
#include "fl_host_crypto.h"
#include "fl_model_builder.h"

static mbedtls_ecdsa_context g_keys[TS_KEYS];
static mbedtls_ctr_drbg_context g_drbg;
static mbedtls_entropy_context g_entropy;
static int g_drbg_ready;

static void die(const char *what)
{
    printf("setup failed: %s\n", what);
    exit(2);
}

static void drbg(void)
{
    if (g_drbg_ready) {
        return;
    }
    mbedtls_entropy_init(&g_entropy);
    mbedtls_ctr_drbg_init(&g_drbg);
    if (mbedtls_ctr_drbg_seed(&g_drbg, mbedtls_entropy_func, &g_entropy, (const unsigned char *)"fleet-slots", 11) != 0) {
        die("ctr_drbg_seed");
    }
    g_drbg_ready = 1;
}

void ts_keygen(int k, uint8_t pub[65])
{
    size_t olen = 0;
    drbg();
    mbedtls_ecdsa_init(&g_keys[k]);
    if (mbedtls_ecdsa_genkey(&g_keys[k], MBEDTLS_ECP_DP_SECP256R1, mbedtls_ctr_drbg_random, &g_drbg) != 0 ||
        mbedtls_ecp_point_write_binary(&g_keys[k].grp, &g_keys[k].Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, pub, 65) != 0 ||
        olen != 65u) {
        die("ecdsa_genkey");
    }
}

void ts_sign(int k, const uint8_t *data, size_t len, uint8_t sig[64])
{
    uint8_t digest[32];
    mbedtls_mpi r, s;
    drbg();
    if (fl_host_sha256(NULL, data, len, digest) != FL_OK) {
        die("sha256");
    }
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    if (mbedtls_ecdsa_sign(&g_keys[k].grp, &r, &s, &g_keys[k].d, digest, 32, mbedtls_ctr_drbg_random, &g_drbg) != 0 ||
        mbedtls_mpi_write_binary(&r, sig, 32) != 0 || mbedtls_mpi_write_binary(&s, sig + 32, 32) != 0) {
        die("ecdsa_sign");
    }
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
}

static uint32_t g_rng;
static int8_t rnd8(void)
{
    g_rng = g_rng * 1103515245u + 12345u;
    return (int8_t)(uint8_t)(g_rng >> 16);
}

/* 16x16x1 -conv 3x3 p1-> 16x16x8 -relu-> -maxpool 2-> 8x8x8 -fc-> 20 -softmax */
uint8_t *ts_model(const char *id, uint32_t version, uint32_t seed, int selftest, int corrupt_expected, size_t *len)
{
    static const uint8_t mean[3] = {128, 0, 0}, shift[3] = {8, 0, 0};
    static int8_t w_conv[8 * 9], b_conv[8], w_fc[20 * 512], b_fc[20];
    static uint8_t arena_mem[64 * 1024];
    fl_mb_t b;
    fl_mb_layer_t l;
    fl_model_t m;
    fl_arena_t arena;
    uint8_t *blob, *out;
    size_t blen, i, in_len = 16u * 16u, n_out = 20u, st_len;
    int8_t input[16 * 16], expected[20];
    g_rng = seed;
    for (i = 0; i < sizeof w_conv; i++) w_conv[i] = rnd8();
    for (i = 0; i < sizeof b_conv; i++) b_conv[i] = rnd8();
    for (i = 0; i < sizeof w_fc; i++) w_fc[i] = rnd8();
    for (i = 0; i < sizeof b_fc; i++) b_fc[i] = rnd8();
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
    blob = fl_mb_finish(&b, &blen, fl_mb_sha256_mbedtls, NULL);
    fl_mb_free(&b);
    if (!selftest) {
        *len = blen;
        return blob;
    }
    for (i = 0; i < in_len; i++) input[i] = rnd8();
    if (fl_arena_init(&arena, arena_mem, sizeof arena_mem) != FL_OK ||
        fl_model_load(&m, blob, blen, &arena, NULL, NULL) != FL_OK || fl_model_run(&m, input, expected) != FL_OK) {
        die("test model does not load or run");
    }
    if (corrupt_expected) {
        expected[3] = (int8_t)(expected[3] ^ 0x21);
    }
    st_len = FL_MODEL_SELFTEST_HEAD_BYTES + ((in_len + 3u) & ~(size_t)3u) + ((n_out + 3u) & ~(size_t)3u);
    out = (uint8_t *)calloc(1, blen + st_len);
    if (out == NULL) {
        die("calloc");
    }
    memcpy(out, blob, blen);
    free(blob);
    fl_mb_put32(out + 44, FL_MODEL_FLAG_SELFTEST);
    fl_mb_put32(out + 40, (uint32_t)(blen + st_len));
    fl_mb_put32(out + blen, (uint32_t)in_len);
    fl_mb_put32(out + blen + 4, (uint32_t)n_out);
    memcpy(out + blen + 8, input, in_len);
    memcpy(out + blen + 8 + ((in_len + 3u) & ~(size_t)3u), expected, n_out);
    fl_mb_rehash(out, blen + st_len, fl_mb_sha256_mbedtls, NULL);
    *len = blen + st_len;
    return out;
}

void ts_offer(fl_ota_offer_t *o, uint32_t offer_id, const uint8_t *blob, size_t len, int key)
{
    fl_model_info_t info;
    memset(o, 0, sizeof *o);
    o->offer_id = offer_id;
    o->size_bytes = (uint32_t)len;
    o->chunk_size = 512;
    if (fl_model_inspect(blob, len, &info, NULL) == FL_OK) {
        memcpy(o->model_id, info.model_id, sizeof o->model_id);
        o->model_version = info.model_version;
    } else {
        strcpy(o->model_id, "broken");
    }
    if (fl_host_sha256(NULL, blob, len, o->sha256) != FL_OK) {
        die("sha256");
    }
    ts_sign(key, blob, len, o->signature);
}

static uint8_t g_arena[64 * 1024];

fl_status_t ts_open(ts_dev_t *d, const char *path, const uint8_t pub[65], uint32_t trial_limit)
{
    return ts_open_armed(d, path, pub, trial_limit, -1);
}

fl_status_t ts_open_armed(ts_dev_t *d, const char *path, const uint8_t pub[65], uint32_t trial_limit,
                          int64_t cut_bytes)
{
    fl_status_t st;
    memset(d, 0, sizeof *d);
    st = fl_host_flash_open(&d->hf, path, TS_TOTAL, TS_SECTOR, TS_UNIT, &d->flash);
    if (st != FL_OK) {
        return st;
    }
    if (cut_bytes >= 0) {
        fl_host_flash_cut_after_bytes(&d->hf, (uint64_t)cut_bytes);
    }
    d->cfg.flash = &d->flash;
    d->cfg.journal_sectors = 2;
    d->cfg.sha256 = fl_host_sha256;
    d->cfg.ecdsa_p256_verify = fl_host_ecdsa_p256_verify;
    memcpy(d->cfg.public_key, pub, 65);
    d->cfg.arena_mem = g_arena;
    d->cfg.arena_bytes = sizeof g_arena;
    d->cfg.scratch = d->scratch;
    d->cfg.trial_limit = trial_limit;
    return fl_slots_mount(&d->slots, &d->cfg);
}

void ts_close(ts_dev_t *d)
{
    fl_host_flash_close(&d->hf);
}

fl_status_t ts_install(ts_dev_t *d, const fl_ota_offer_t *o, const uint8_t *blob, size_t chunk, fl_ota_code_t *code,
                       uint32_t *acked)
{
    uint32_t off = 0;
    fl_status_t st;
    *acked = 0;
    st = fl_slots_begin(&d->slots, o, &off, code);
    if (st != FL_OK) {
        return st;
    }
    *acked = off;
    while (off < o->size_bytes) {
        size_t n = o->size_bytes - off < chunk ? o->size_bytes - off : chunk;
        st = fl_slots_write_chunk(&d->slots, off, blob + off, n);
        if (st != FL_OK) {
            return st;
        }
        off += (uint32_t)n;
        *acked = off;
    }
    return fl_slots_finish(&d->slots, code);
}

void ts_write_file(const char *path, const uint8_t *img)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(img, 1, TS_TOTAL, f) != TS_TOTAL || fclose(f) != 0) {
        die("write image");
    }
}

void ts_read_file(const char *path, uint8_t *img)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL || fread(img, 1, TS_TOTAL, f) != TS_TOTAL || fclose(f) != 0) {
        die("read image");
    }
}

int ts_active_valid(ts_dev_t *d, uint32_t *version)
{
    static uint8_t arena_mem[64 * 1024];
    const uint8_t *blob;
    uint32_t len;
    fl_model_t m;
    fl_arena_t arena;
    fl_model_load_options_t opts;
    fl_model_info_t info;
    int8_t out[FL_MODEL_MAX_LABELS];
    if (fl_slots_active(&d->slots, &blob, &len) != FL_OK || fl_arena_init(&arena, arena_mem, sizeof arena_mem) != FL_OK) {
        return 0;
    }
    opts.sha256 = fl_host_sha256;
    opts.sha256_user = NULL;
    if (fl_model_load(&m, blob, len, &arena, &opts, NULL) != FL_OK || fl_model_get_info(&m, &info) != FL_OK ||
        fl_model_selftest_run(&m, out, sizeof out) != FL_OK) {
        return 0;
    }
    *version = info.model_version;
    return 1;
}
