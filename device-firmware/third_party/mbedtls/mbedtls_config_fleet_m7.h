/* SPDX-License-Identifier: MIT */
/* mbedTLS 2.28 configuration for Fleet's Cortex-M7 images (selected with MBEDTLS_CONFIG_FILE by mbedtls.cmake):
 * exactly what the model slots need to check an artifact, SHA-256 and ECDSA P-256 verification
 * (docs/model-slots.md), and nothing that would reach for entropy, a clock, files or sockets.
 *
 * Memory: mbedTLS's bignums are heap-allocated; here the heap is a static buffer the port hands to
 * mbedtls_memory_buffer_alloc_init() at boot (FL_MBEDTLS_HEAP_BYTES), so the firmware keeps its "no malloc" rule
 * and a bad signature can never exhaust a system heap. Small windows keep that peak low at some cost in time.
 *
 * FL_MBEDTLS_TEST_SIGNING (the QEMU slots test's and benchmark's copies of the library only) adds what signing
 * with keys generated at run time needs: HMAC_DRBG over SHA-256; it changes no code on the verify path.
 * FL_MBEDTLS_HEAP_STATS (the test's copy) adds the heap's peak-usage counters. */
#ifndef FL_MBEDTLS_CONFIG_FLEET_M7_H
#define FL_MBEDTLS_CONFIG_FLEET_M7_H

/* Heap for one ECDSA P-256 verification at the windows below: the QEMU test measures the peak (2,480 to 2,528
 * bytes with the allocator's debug headers, varying with the key and signature) and checks it fits. */
#define FL_MBEDTLS_HEAP_BYTES (4u * 1024u)

/* System: the bignum multiply in Thumb-2 assembly (UMAAL) and no OS facilities. */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS /* until the heap is set up, allocations fail: never libc's malloc */
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C

/* SHA-256 (the artifact's digest and the model file's content hash); the smaller, rolled-up compression loop. */
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER

/* ECDSA over secp256r1 only. Verification works on public data only, so the scalar multiplication needs no
 * blinding RNG (ECP_NO_INTERNAL_RNG). ASN.1 is a build prerequisite of ecdsa.c; the slots pass raw r || s. */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_NO_INTERNAL_RNG
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C

/* RAM over speed: 2-bit comb windows, no per-group fixed-point table (it would live on the heap). */
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
#define MBEDTLS_ECP_MAX_BITS 256
#define MBEDTLS_MPI_WINDOW_SIZE 1

#if defined(FL_MBEDTLS_TEST_SIGNING)
#define MBEDTLS_MD_C
#define MBEDTLS_HMAC_DRBG_C
#endif
#if defined(FL_MBEDTLS_HEAP_STATS)
#define MBEDTLS_MEMORY_DEBUG
#include <stdio.h> /* its reports go to stderr, which NO_STD_FUNCTIONS no longer pulls in */
#endif

#include "mbedtls/check_config.h"

#endif /* FL_MBEDTLS_CONFIG_FLEET_M7_H */
