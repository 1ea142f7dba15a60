/* SPDX-License-Identifier: MIT */
/* Executed Cortex-M7 instructions of the slots' crypto as the firmware runs it (the H743 image's mbedTLS
 * configuration and callbacks): one SHA-256 over a 64 KiB model and one ECDSA P-256 verification. Regions
 * between bench_begin / bench_end for the insncount plugin (run_crypto_bench.sh): 0 empty (marker overhead),
 * 1 SHA-256 of 64 KiB, 2 ECDSA P-256 verify. The key pair and signature are made at run time (test-side
 * signing from the TEST_SIGNING copy of the library), seeded with a fixed string: only the figure matters. */
#include <stdio.h>
#include <string.h>

#include "fl_host_crypto.h"
#include "mbedtls/ecdsa.h"
#include "mbedtls/hmac_drbg.h"
#include "mbedtls/memory_buffer_alloc.h"

__attribute__((noinline, noipa)) void bench_begin(void) { __asm__ volatile(""); }
__attribute__((noinline, noipa)) void bench_end(void) { __asm__ volatile(""); }

static uint8_t g_model[64 * 1024];
static uint8_t g_heap[32 * 1024] __attribute__((aligned(8)));

int main(void)
{
    static const uint8_t seed[] = "fleet bench_crypto_m7";
    mbedtls_hmac_drbg_context drbg;
    mbedtls_ecdsa_context key;
    mbedtls_mpi r, s;
    uint8_t digest[32], pub[65], sig[64];
    size_t i, olen = 0;
    fl_status_t st_hash, st_verify;
    mbedtls_memory_buffer_alloc_init(g_heap, sizeof g_heap);
    for (i = 0; i < sizeof g_model; i++) {
        g_model[i] = (uint8_t)(i * 131u + (i >> 8));
    }
    mbedtls_hmac_drbg_init(&drbg);
    mbedtls_ecdsa_init(&key);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    if (mbedtls_hmac_drbg_seed_buf(&drbg, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), seed, sizeof seed) != 0 ||
        mbedtls_ecdsa_genkey(&key, MBEDTLS_ECP_DP_SECP256R1, mbedtls_hmac_drbg_random, &drbg) != 0 ||
        mbedtls_ecp_point_write_binary(&key.grp, &key.Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, pub, 65) != 0) {
        printf("error: key generation failed\n");
        return 1;
    }
    bench_begin();
    bench_end();
    bench_begin();
    st_hash = fl_host_sha256(NULL, g_model, sizeof g_model, digest);
    bench_end();
    if (st_hash != FL_OK ||
        mbedtls_ecdsa_sign(&key.grp, &r, &s, &key.d, digest, 32, mbedtls_hmac_drbg_random, &drbg) != 0 ||
        mbedtls_mpi_write_binary(&r, sig, 32) != 0 || mbedtls_mpi_write_binary(&s, sig + 32, 32) != 0) {
        printf("error: signing failed\n");
        return 1;
    }
    bench_begin();
    st_verify = fl_host_ecdsa_p256_verify(NULL, pub, digest, sig);
    bench_end();
    printf("region 0 empty (marker overhead)\nregion 1 sha256 65536 bytes: %s\nregion 2 ecdsa p256 verify: %s\n",
           st_hash == FL_OK ? "ok" : "FAILED", st_verify == FL_OK ? "ok" : "FAILED");
    return st_verify == FL_OK ? 0 : 1;
}
