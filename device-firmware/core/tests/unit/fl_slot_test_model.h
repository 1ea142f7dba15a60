/* SPDX-License-Identifier: MIT */
/* The model the slots tests install, on the host (test_slots_support.c) and on the Cortex-M7 under QEMU
 * (port/qemu_m7/slots): one builder, so both run the same bytes. Test code: malloc. */
#ifndef FL_SLOT_TEST_MODEL_H
#define FL_SLOT_TEST_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_model.h"

/* A q7 model of about 10 KB: 16x16x1 -conv 3x3 p1-> 16x16x8 -relu-> -maxpool 2-> 8x8x8 -fc-> 20 -softmax, weights
 * from an LCG seeded with `seed`. With `selftest`, the self-test section is appended (docs/model-format.md: an
 * input from the same LCG and the output this model gives for it, with `corrupt_expected` one expected byte
 * flipped) and the blob rehashed. Hashed with `sha`; malloc'd, 4-aligned. NULL if the model does not build, load
 * or run (the caller stops the test). */
uint8_t *fl_slot_test_model(const char *id, uint32_t version, uint32_t seed, int selftest, int corrupt_expected,
                            fl_sha256_fn sha, size_t *len);

#endif /* FL_SLOT_TEST_MODEL_H */
