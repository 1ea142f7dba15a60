/* SPDX-License-Identifier: MIT */
/* Test side of the Cortex-M7 slots tests (test code: malloc, exit(2) on setup failure): P-256 keys generated at
 * run time with mbedTLS's HMAC_DRBG seeded from the host's /dev/urandom through semihosting, signatures, and the
 * host tests' q7 model with its self-test section (core/tests/unit/fl_slot_test_model.c). Nothing secret is
 * committed. */
#ifndef SLOTS_M7_SUPPORT_H
#define SLOTS_M7_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_proto.h"

void sm_die(const char *what) __attribute__((noreturn));
/* Seed the signing RNG (call once, with the test heap set up). */
void sm_seed_rng(void);
/* Key k (0 or 1); pub gets its uncompressed point. */
void sm_keygen(int k, uint8_t pub[65]);
/* r || s of SHA-256(data) by key k. */
void sm_sign(int k, const uint8_t *data, size_t len, uint8_t sig[64]);
/* A 16x16x1 -conv 3x3-> 16x16x8 -relu-> -maxpool-> 8x8x8 -fc-> 20 -softmax q7 model (weights from seed) with a
 * self-test section; malloc'd, 4-aligned. */
uint8_t *sm_model(const char *id, uint32_t version, uint32_t seed, size_t *len);
/* An offer (1024-byte chunks) for blob, signed by key k. */
void sm_offer(fl_ota_offer_t *o, uint32_t offer_id, const uint8_t *blob, size_t len, int key);
/* A small LCG for reproducible test choices. */
uint32_t sm_rand(uint32_t *state);

#endif /* SLOTS_M7_SUPPORT_H */
