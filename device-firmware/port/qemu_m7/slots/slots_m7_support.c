/* SPDX-License-Identifier: MIT */
#include "slots_m7_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_model.h"
#include "fl_host_crypto.h"
#include "fl_slot_test_model.h"
#include "mbedtls/ecdsa.h"
#include "mbedtls/hmac_drbg.h"

static mbedtls_hmac_drbg_context g_drbg;
static mbedtls_ecdsa_context g_keys[2];

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

/* ---- test models (core/tests/unit/fl_slot_test_model.c, the host tests' model) ---- */

uint32_t sm_rand(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 16;
}

uint8_t *sm_model(const char *id, uint32_t version, uint32_t seed, size_t *len)
{
    uint8_t *blob = fl_slot_test_model(id, version, seed, 1, 0, fl_host_sha256, len);
    if (blob == NULL) {
        sm_die("test model does not build, load or run");
    }
    return blob;
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

