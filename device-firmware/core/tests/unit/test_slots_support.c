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
#include "fl_slot_test_model.h"

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

uint8_t *ts_model(const char *id, uint32_t version, uint32_t seed, int selftest, int corrupt_expected, size_t *len)
{
    uint8_t *blob = fl_slot_test_model(id, version, seed, selftest, corrupt_expected, fl_mb_sha256_mbedtls, len);
    if (blob == NULL) {
        die("test model does not build, load or run");
    }
    return blob;
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
