/* SPDX-License-Identifier: MIT */
/* Shared by the test_slots_* tests: run-time P-256 keys and signatures (mbedTLS; no key files), test models with
 * a self-test section (the test-side builder plus the section appended as docs/model-format.md lays it out),
 * offers, and a host-flash device with a whole-download helper. Test code: malloc, abort on setup failure. */
#ifndef TEST_SLOTS_SUPPORT_H
#define TEST_SLOTS_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_slots.h"
#include "fl_host_flash.h"

#define TS_SECTOR 4096u
#define TS_UNIT 8u
#define TS_TOTAL (4096u * 12u) /* 2 journal sectors + 2 slots of 5 sectors */
#define TS_KEYS 2

/* Generate key k (0..TS_KEYS-1) with real entropy; pub gets the 65-byte point. */
void ts_keygen(int k, uint8_t pub[65]);
/* r || s of SHA-256(data) by key k. */
void ts_sign(int k, const uint8_t *data, size_t len, uint8_t sig[64]);

/* A q7 model (about 10 KB; weights from seed). selftest: append the section (input from the seed, expected =
 * the model's output, with `corrupt_expected` one expected byte flipped). Rehashed; malloc'd, 4-aligned. */
uint8_t *ts_model(const char *id, uint32_t version, uint32_t seed, int selftest, int corrupt_expected, size_t *len);

/* An offer for blob signed by key k. */
void ts_offer(fl_ota_offer_t *o, uint32_t offer_id, const uint8_t *blob, size_t len, int key);

/* A device: host flash on a file + slots. */
typedef struct {
    fl_host_flash_t hf;
    fl_flash_t flash;
    fl_slots_t slots;
    fl_slots_config_t cfg;
    uint8_t scratch[TS_SECTOR];
} ts_dev_t;

/* Open the image and mount with key 0 trusted (pub given), the given trial limit. FL status of the mount. */
fl_status_t ts_open(ts_dev_t *d, const char *path, const uint8_t pub[65], uint32_t trial_limit);
/* The same with a power cut armed before the mount (cut_bytes < 0: none). */
fl_status_t ts_open_armed(ts_dev_t *d, const char *path, const uint8_t pub[65], uint32_t trial_limit,
                          int64_t cut_bytes);
void ts_close(ts_dev_t *d);

/* begin + chunks from the resume offset + finish. *code is the finish outcome (or the refusal). Returns the
 * first failing status (FL_OK if finish ran). *acked = the bytes written before a failure. */
fl_status_t ts_install(ts_dev_t *d, const fl_ota_offer_t *o, const uint8_t *blob, size_t chunk, fl_ota_code_t *code,
                       uint32_t *acked);

/* Write the whole image file from / read it into memory (TS_TOTAL bytes). */
void ts_write_file(const char *path, const uint8_t *img);
void ts_read_file(const char *path, uint8_t *img);

/* The active model loads with its hash checked and reproduces its self-test: 1, else 0. *version its version. */
int ts_active_valid(ts_dev_t *d, uint32_t *version);

#endif /* TEST_SLOTS_SUPPORT_H */
