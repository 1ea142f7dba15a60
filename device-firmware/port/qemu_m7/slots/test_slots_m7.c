/* SPDX-License-Identifier: MIT */
/* The model slots on the Cortex-M7 under QEMU (docs/model-slots.md): the core's slots code over an emulated NOR
 * flash in RAM (fl_ram_flash.c, H743-like 32-byte words), with the same mbedTLS crypto callbacks as the H743
 * image (built from Debian's source, third_party/mbedtls). P-256 keys are generated at run time, seeded from the
 * host's /dev/urandom through semihosting; nothing secret is committed.
 *   - a signed model activates; a tampered byte, another key's signature and unsigned offers never do;
 *   - power cuts at every chunk boundary (and the bytes either side), at pseudo-random byte offsets and at every
 *     erase of an update; after each, a "reboot" re-mounts from the flash image: the active model must load and
 *     pass its self-test, the transfer must resume at no less than the acknowledged bytes (no acknowledged byte
 *     is asked for again) and at most one chunk more, and the resumed download must activate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_model.h"
#include "fl/fl_slots.h"
#include "fl_host_crypto.h"
#include "fl_ram_flash.h"
#include "fl_test.h"
#include "slots_m7_support.h"
#include "mbedtls/memory_buffer_alloc.h"

#define SECTOR 4096u
#define UNIT 32u                  /* the STM32H7's flash word */
#define TOTAL (SECTOR * 12u)      /* 2 journal sectors + 2 slots of 5 sectors */
#define TEST_HEAP_BYTES (32u * 1024u) /* signing and key generation need more than the firmware's verify heap */

static uint8_t g_image[TOTAL] __attribute__((aligned(8)));
static uint8_t g_base[TOTAL];
static uint8_t g_heap[TEST_HEAP_BYTES] __attribute__((aligned(8)));
static uint8_t g_arena[64 * 1024] __attribute__((aligned(8)));
static uint8_t g_check_arena[64 * 1024] __attribute__((aligned(8)));
static uint8_t g_scratch[SECTOR];
static uint8_t g_pub[2][65];
static uint8_t *g_v1, *g_v2;
static size_t g_v1_len, g_v2_len;
static size_t g_verify_heap_peak;

typedef struct {
    fl_ram_flash_t rf;
    fl_flash_t flash;
    fl_slots_t slots;
    fl_slots_config_t cfg;
} slot_dev_t;

/* ---- the device ---- */

/* "Boot": wrap the flash image (kept across reboots) and mount, with a cut armed (< 0: none). */
static fl_status_t dev_boot(slot_dev_t *d, int64_t cut_bytes, int64_t cut_erase)
{
    memset(d, 0, sizeof *d);
    if (fl_ram_flash_open(&d->rf, g_image, TOTAL, SECTOR, UNIT, &d->flash) != FL_OK) {
        sm_die("ram flash");
    }
    if (cut_bytes >= 0) {
        fl_ram_flash_cut_after_bytes(&d->rf, (uint64_t)cut_bytes);
    }
    if (cut_erase >= 0) {
        fl_ram_flash_cut_at_erase(&d->rf, (uint64_t)cut_erase);
    }
    d->cfg.flash = &d->flash;
    d->cfg.journal_sectors = 2;
    d->cfg.sha256 = fl_host_sha256;
    d->cfg.ecdsa_p256_verify = fl_host_ecdsa_p256_verify;
    memcpy(d->cfg.public_key, g_pub[0], 65);
    d->cfg.arena_mem = g_arena;
    d->cfg.arena_bytes = sizeof g_arena;
    d->cfg.scratch = g_scratch;
    return fl_slots_mount(&d->slots, &d->cfg);
}

/* begin + chunks from the resume offset + finish (+ confirm when activated). *acked: bytes acknowledged;
 * marks[] (optional) gets the flash's programmed-byte count after every acknowledged step. */
static fl_status_t install(slot_dev_t *d, const fl_ota_offer_t *o, const uint8_t *blob, size_t chunk,
                           fl_ota_code_t *code, uint32_t *acked, uint64_t *marks, size_t *n_marks)
{
    uint32_t off = 0;
    fl_status_t st = fl_slots_begin(&d->slots, o, &off, code);
    *acked = off;
    if (st != FL_OK) {
        return st;
    }
    while (off < o->size_bytes) {
        size_t n = o->size_bytes - off < chunk ? o->size_bytes - off : chunk;
        st = fl_slots_write_chunk(&d->slots, off, blob + off, n);
        if (st != FL_OK) {
            return st;
        }
        off += (uint32_t)n;
        *acked = off;
        if (marks != NULL) {
            marks[(*n_marks)++] = d->rf.programmed;
        }
    }
    st = fl_slots_finish(&d->slots, code);
    if (st == FL_OK && *code == FL_OTA_ACTIVATED) {
        if (marks != NULL) {
            marks[(*n_marks)++] = d->rf.programmed;
        }
        st = fl_slots_confirm(&d->slots);
    }
    return st;
}

/* The active model loads with its hash checked and reproduces its self-test: its version, else 0. */
static uint32_t active_version(slot_dev_t *d)
{
    static fl_model_t m;
    const uint8_t *blob;
    uint32_t len;
    fl_arena_t arena;
    fl_model_load_options_t opts;
    fl_model_info_t info;
    int8_t out[FL_MODEL_MAX_LABELS];
    opts.sha256 = fl_host_sha256;
    opts.sha256_user = NULL;
    if (fl_slots_active(&d->slots, &blob, &len) != FL_OK ||
        fl_arena_init(&arena, g_check_arena, sizeof g_check_arena) != FL_OK ||
        fl_model_load(&m, blob, len, &arena, &opts, NULL) != FL_OK || fl_model_get_info(&m, &info) != FL_OK ||
        fl_model_selftest_run(&m, out, sizeof out) != FL_OK) {
        return 0u;
    }
    return info.model_version;
}

/* ---- tests ---- */

/* v1 from an erased flash: activates, survives a reboot; the base image for the others. */
static void test_signed_activates(void)
{
    static slot_dev_t d;
    fl_ota_offer_t o;
    fl_ota_code_t code = FL_OTA_ABORTED;
    uint32_t acked = 0;
    memset(g_image, 0xFF, sizeof g_image);
    FL_CHECK_EQ_INT(FL_OK, dev_boot(&d, -1, -1));
    FL_CHECK_EQ_INT(0, active_version(&d));
    sm_offer(&o, 1, g_v1, g_v1_len, 0);
    FL_CHECK_EQ_INT(FL_OK, install(&d, &o, g_v1, 1024, &code, &acked, NULL, NULL));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    FL_CHECK_EQ_INT(1, active_version(&d));
    FL_CHECK_EQ_INT(FL_OK, dev_boot(&d, -1, -1));
    FL_CHECK_EQ_INT(1, active_version(&d));
    memcpy(g_base, g_image, sizeof g_base);
}

/* Each refused offer leaves v1 active, before and after a reboot. */
static void expect_refused(const fl_ota_offer_t *o, const uint8_t *blob, fl_ota_code_t want)
{
    static slot_dev_t d;
    fl_ota_code_t code = FL_OTA_ACTIVATED;
    uint32_t acked = 0;
    memcpy(g_image, g_base, sizeof g_image);
    FL_CHECK_EQ_INT(FL_OK, dev_boot(&d, -1, -1));
    FL_CHECK_EQ_INT(FL_OK, install(&d, o, blob, 1024, &code, &acked, NULL, NULL));
    FL_CHECK_EQ_INT(want, code);
    FL_CHECK_EQ_INT(1, active_version(&d));
    FL_CHECK_EQ_INT(FL_OK, dev_boot(&d, -1, -1));
    FL_CHECK_EQ_INT(1, active_version(&d));
}

static void test_tampered_never_activates(void)
{
    static uint8_t bad[16 * 1024] __attribute__((aligned(8)));
    fl_ota_offer_t o, rehashed;
    size_t k, pos;
    if (g_v2_len > sizeof bad) {
        sm_die("model larger than the tamper buffer");
    }
    sm_offer(&o, 2, g_v2, g_v2_len, 0);
    for (k = 0; k < 12u; k++) {
        pos = k < 4u ? k * 13u : (k * 977u) % g_v2_len; /* header bytes, then spread over the weights */
        memcpy(bad, g_v2, g_v2_len);
        bad[pos] ^= (uint8_t)(1u << (k % 8u));
        /* The offer's hash is the genuine one: the bytes do not match it. */
        expect_refused(&o, bad, FL_OTA_HASH_MISMATCH);
        /* The attacker also replaced the hash: the signature (over the genuine digest) fails. */
        rehashed = o;
        FL_CHECK_EQ_INT(FL_OK, fl_host_sha256(NULL, bad, g_v2_len, rehashed.sha256));
        expect_refused(&rehashed, bad, FL_OTA_BAD_SIGNATURE);
    }
}

static void test_wrong_key_never_activates(void)
{
    fl_ota_offer_t o;
    sm_offer(&o, 3, g_v2, g_v2_len, 1);
    expect_refused(&o, g_v2, FL_OTA_BAD_SIGNATURE);
}

static void test_unsigned_never_activates(void)
{
    fl_ota_offer_t o;
    sm_offer(&o, 4, g_v2, g_v2_len, 0);
    memset(o.signature, 0, sizeof o.signature);
    expect_refused(&o, g_v2, FL_OTA_BAD_SIGNATURE);
    memset(o.signature, 0xFF, sizeof o.signature);
    expect_refused(&o, g_v2, FL_OTA_BAD_SIGNATURE);
}

/* The verify heap the firmware reserves (FL_MBEDTLS_HEAP_BYTES) covers one verification. */
static void test_verify_heap_fits(void)
{
    fl_ota_offer_t o;
    size_t blocks = 0;
    sm_offer(&o, 5, g_v2, g_v2_len, 0);
    mbedtls_memory_buffer_alloc_max_reset();
    FL_CHECK_EQ_INT(FL_OK, fl_host_ecdsa_p256_verify(NULL, g_pub[0], o.sha256, o.signature));
    mbedtls_memory_buffer_alloc_max_get(&g_verify_heap_peak, &blocks);
    printf("ECDSA P-256 verify: heap peak %u bytes in %u blocks (firmware reserves %u)\n",
           (unsigned)g_verify_heap_peak, (unsigned)blocks, (unsigned)FL_MBEDTLS_HEAP_BYTES);
    FL_CHECK(g_verify_heap_peak > 0u && g_verify_heap_peak <= FL_MBEDTLS_HEAP_BYTES);
    FL_CHECK_EQ_INT(FL_ERR_MISMATCH, fl_host_ecdsa_p256_verify(NULL, g_pub[1], o.sha256, o.signature));
}

typedef struct {
    unsigned cuts, booted_v1, booted_v2, invalid, inflight_committed, resume_errors, finish_errors;
} cut_stats_t;

/* One cut: install v2 over the base image with the cut armed, reboot, check, resume to activation. */
static void cut_once(const fl_ota_offer_t *o, size_t chunk, int64_t cut_bytes, int64_t cut_erase, cut_stats_t *cs)
{
    static slot_dev_t d;
    fl_ota_code_t code = FL_OTA_ABORTED;
    uint32_t acked = 0, resume = 0;
    uint32_t v;
    memcpy(g_image, g_base, sizeof g_image);
    if (dev_boot(&d, cut_bytes, cut_erase) != FL_OK) {
        cs->invalid++;
        return;
    }
    (void)install(&d, o, g_v2, chunk, &code, &acked, NULL, NULL);
    cs->cuts++;
    if (dev_boot(&d, -1, -1) != FL_OK) { /* the reboot */
        cs->invalid++;
        return;
    }
    v = active_version(&d);
    if (v == 1u) {
        cs->booted_v1++;
    } else if (v == 2u) {
        cs->booted_v2++;
    } else {
        cs->invalid++;
        printf("  invalid model after a cut at %lld bytes / erase %lld\n", (long long)cut_bytes, (long long)cut_erase);
        return;
    }
    if (fl_slots_begin(&d.slots, o, &resume, &code) != FL_OK || resume < acked ||
        (resume > acked + chunk && resume != o->size_bytes)) {
        cs->resume_errors++;
        printf("  resume %u after %u acknowledged (cut at %lld bytes / erase %lld)\n", (unsigned)resume,
               (unsigned)acked, (long long)cut_bytes, (long long)cut_erase);
        return;
    }
    if (resume > acked) {
        cs->inflight_committed++; /* the chunk in flight had landed whole: the gateway need not resend it */
    }
    if (install(&d, o, g_v2, chunk, &code, &acked, NULL, NULL) != FL_OK || code != FL_OTA_ACTIVATED ||
        active_version(&d) != 2u || dev_boot(&d, -1, -1) != FL_OK || active_version(&d) != 2u) {
        cs->finish_errors++;
        printf("  resumed download did not activate v2 (cut at %lld bytes / erase %lld)\n", (long long)cut_bytes,
               (long long)cut_erase);
    }
}

static void powercut_run(size_t chunk, unsigned random_cuts)
{
    static slot_dev_t d;
    static uint64_t marks[64];
    size_t n_marks = 0, i;
    fl_ota_offer_t o;
    fl_ota_code_t code = FL_OTA_ABORTED;
    uint32_t acked = 0;
    uint64_t programmed, erases;
    uint32_t rng = 0x5eed0000u + (uint32_t)chunk;
    cut_stats_t cs;
    memset(&cs, 0, sizeof cs);
    sm_offer(&o, 10 + (uint32_t)chunk, g_v2, g_v2_len, 0);
    /* A run without a cut: where the acknowledged steps end, in programmed bytes, and how many erases. */
    memcpy(g_image, g_base, sizeof g_image);
    FL_CHECK_EQ_INT(FL_OK, dev_boot(&d, -1, -1));
    d.rf.programmed = 0;
    d.rf.erases = 0;
    FL_CHECK_EQ_INT(FL_OK, install(&d, &o, g_v2, chunk, &code, &acked, marks, &n_marks));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    programmed = d.rf.programmed;
    erases = d.rf.erases;
    for (i = 0; i < n_marks; i++) {
        cut_once(&o, chunk, (int64_t)marks[i] - 1, -1, &cs);
        cut_once(&o, chunk, (int64_t)marks[i], -1, &cs);
        cut_once(&o, chunk, (int64_t)marks[i] + 1, -1, &cs);
    }
    for (i = 0; i < random_cuts; i++) {
        cut_once(&o, chunk, (int64_t)(((uint64_t)sm_rand(&rng) << 16 | sm_rand(&rng)) % programmed), -1, &cs);
    }
    for (i = 0; i < erases; i++) {
        cut_once(&o, chunk, -1, (int64_t)i, &cs);
    }
    printf("power cuts, %u-byte chunks: update programs %llu bytes with %llu erases; %u cuts, booted v1 %u, v2 %u, "
           "invalid %u, chunk in flight found committed %u\n",
           (unsigned)chunk, (unsigned long long)programmed, (unsigned long long)erases, cs.cuts, cs.booted_v1,
           cs.booted_v2, cs.invalid, cs.inflight_committed);
    FL_CHECK(cs.cuts > 3u * n_marks);
    FL_CHECK(cs.booted_v1 > 0u && cs.booted_v2 > 0u);
    FL_CHECK_EQ_INT(0, cs.invalid);
    FL_CHECK_EQ_INT(0, cs.resume_errors);
    FL_CHECK_EQ_INT(0, cs.finish_errors);
}

static void test_powercut_1024(void)
{
    powercut_run(1024, 40);
}

static void test_powercut_500(void)
{
    powercut_run(500, 40);
}

/* Runs last: it replaces the heap (the keys' memory goes with it). A heap too small for the verification is the
 * library failing (FL_ERR_IO), never a verdict on the model: nothing is recorded against the offer, the old model
 * stays, and the same download activates once the heap suffices. */
static void test_heap_exhaustion_is_not_a_verdict(void)
{
    static uint8_t tiny_heap[512] __attribute__((aligned(8)));
    static slot_dev_t d;
    fl_ota_offer_t o;
    fl_ota_code_t code = FL_OTA_ABORTED;
    uint32_t acked = 0, resume = 0;
    sm_offer(&o, 6, g_v2, g_v2_len, 0);
    memcpy(g_image, g_base, sizeof g_image);
    FL_CHECK_EQ_INT(FL_OK, dev_boot(&d, -1, -1));
    mbedtls_memory_buffer_alloc_free();
    mbedtls_memory_buffer_alloc_init(tiny_heap, sizeof tiny_heap);
    FL_CHECK_EQ_INT(FL_ERR_IO, fl_host_ecdsa_p256_verify(NULL, g_pub[0], o.sha256, o.signature));
    FL_CHECK_EQ_INT(FL_ERR_IO, install(&d, &o, g_v2, 1024, &code, &acked, NULL, NULL));
    FL_CHECK_EQ_INT(1, active_version(&d));
    mbedtls_memory_buffer_alloc_free();
    mbedtls_memory_buffer_alloc_init(g_heap, sizeof g_heap);
    FL_CHECK_EQ_INT(FL_OK, dev_boot(&d, -1, -1));
    FL_CHECK_EQ_INT(1, active_version(&d));
    FL_CHECK_EQ_INT(FL_OK, fl_slots_begin(&d.slots, &o, &resume, &code));
    FL_CHECK_EQ_INT(o.size_bytes, resume);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_finish(&d.slots, &code));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    FL_CHECK_EQ_INT(2, active_version(&d));
}

int main(void)
{
    int passed = 0;
    mbedtls_memory_buffer_alloc_init(g_heap, sizeof g_heap);
    sm_seed_rng();
    sm_keygen(0, g_pub[0]);
    sm_keygen(1, g_pub[1]);
    g_v1 = sm_model("m7-slots", 1, 11, &g_v1_len);
    g_v2 = sm_model("m7-slots", 2, 22, &g_v2_len);
    printf("models: v1 %u bytes, v2 %u bytes\n", (unsigned)g_v1_len, (unsigned)g_v2_len);
    FL_RUN(test_signed_activates, passed);
    FL_RUN(test_tampered_never_activates, passed);
    FL_RUN(test_wrong_key_never_activates, passed);
    FL_RUN(test_unsigned_never_activates, passed);
    FL_RUN(test_verify_heap_fits, passed);
    FL_RUN(test_powercut_1024, passed);
    FL_RUN(test_powercut_500, passed);
    FL_RUN(test_heap_exhaustion_is_not_a_verdict, passed);
    FL_TEST_MAIN_END(passed);
}
